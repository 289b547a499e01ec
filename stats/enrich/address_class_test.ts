import assert from "node:assert/strict";
import {
  AddressClass,
  addressClassName,
  classifyAddress,
  classifyBytes,
  classifyIPv4,
  isBogon,
} from "./address_class.ts";

/** One row per registry block: an address inside it, and its expected class. */
const TABLE: [string, string][] = [
  ["0.0.0.0", "unspecified"], // RFC 1122 3.2.1.3
  ["0.1.2.3", "reserved"], // RFC 1122 3.2.1.3 "this network"
  ["10.20.30.40", "private"], // RFC 1918
  ["100.63.255.255", "global"],
  ["100.64.0.1", "shared"], // RFC 6598
  ["100.127.255.255", "shared"],
  ["100.128.0.0", "global"],
  ["127.0.0.1", "loopback"], // RFC 1122
  ["127.255.255.254", "loopback"],
  ["169.254.10.1", "link-local"], // RFC 3927
  ["169.253.0.1", "global"],
  ["172.15.255.255", "global"],
  ["172.16.0.1", "private"], // RFC 1918
  ["172.31.255.255", "private"],
  ["172.32.0.0", "global"],
  ["192.0.0.8", "reserved"], // RFC 6890 2.2.2
  ["192.0.2.55", "documentation"], // RFC 5737 TEST-NET-1
  ["192.0.3.1", "global"],
  ["192.168.1.1", "private"], // RFC 1918
  ["198.17.255.255", "global"],
  ["198.18.0.1", "benchmark"], // RFC 2544
  ["198.19.255.255", "benchmark"],
  ["198.20.0.0", "global"],
  ["198.51.100.7", "documentation"], // RFC 5737 TEST-NET-2
  ["203.0.113.9", "documentation"], // RFC 5737 TEST-NET-3
  ["224.0.0.251", "multicast"], // RFC 5771 (mDNS)
  ["239.255.255.250", "multicast"], // SSDP
  ["240.0.0.1", "reserved"], // RFC 1112 4
  ["255.255.255.254", "reserved"],
  ["255.255.255.255", "broadcast"], // RFC 919 7
  ["8.8.8.8", "global"],
  ["1.1.1.1", "global"],
  ["::", "unspecified"], // RFC 4291 2.5.2
  ["::1", "loopback"], // RFC 4291 2.5.3
  ["::2", "reserved"],
  ["::ffff:192.168.0.1", "private"], // RFC 4291 2.5.5.2 mapped, classed by its IPv4 address
  ["::ffff:8.8.8.8", "global"],
  ["::10.0.0.1", "reserved"], // RFC 4291 2.5.5.1 IPv4-compatible, deprecated
  ["100::1", "reserved"], // RFC 6666 discard-only
  ["100:0:0:1::1", "global"],
  ["fc00::1", "private"], // RFC 4193
  ["fd12:3456:789a::1", "private"],
  ["fe80::1", "link-local"], // RFC 4291 2.5.6
  ["febf::1", "link-local"],
  ["fec0::1", "reserved"], // RFC 3879 site-local
  ["ff02::fb", "multicast"], // RFC 4291 2.7
  ["2001:db8::1", "documentation"], // RFC 3849
  ["2001:2::1", "benchmark"], // RFC 5180
  ["2001:2:1::1", "global"],
  ["3fff:fff::1", "documentation"], // RFC 9637
  ["3fff:1000::1", "global"],
  ["2001:4860:4860::8888", "global"],
  ["2606:4700:4700::1111", "global"],
];

Deno.test("classifyAddress() puts one address of every special-purpose block in its class", () => {
  for (const [text, want] of TABLE) {
    const cls = classifyAddress(text);
    assert.notEqual(cls, null, text);
    assert.equal(addressClassName(cls!), want, text);
  }
});

Deno.test("classifyAddress() returns null for text that is not an address", () => {
  assert.equal(classifyAddress("example.com"), null);
  assert.equal(classifyAddress("256.1.1.1"), null);
});

Deno.test("classifyIPv4() agrees with the byte form for every first octet", () => {
  const bytes = new Uint8Array(4);
  for (let a = 0; a < 256; a++) {
    const addr = ((a << 24) | 0x010203) >>> 0;
    new DataView(bytes.buffer).setUint32(0, addr);
    assert.equal(classifyIPv4(addr), classifyBytes(bytes, 4), `${a}.1.2.3`);
  }
});

Deno.test("classifyBytes() reads the address at an offset inside a packet buffer", () => {
  const buf = new Uint8Array(20);
  buf.set([10, 0, 0, 1], 12);
  assert.equal(classifyBytes(buf, 4, 12), AddressClass.private);
  assert.equal(classifyBytes(buf, 5, 12), AddressClass.reserved);
});

Deno.test("isBogon() flags unspecified, documentation, benchmark and reserved, not private", () => {
  const bogons = TABLE.filter(([t]) => isBogon(classifyAddress(t)!)).map(([, c]) => c);
  assert.deepEqual(
    [...new Set(bogons)].sort(),
    ["benchmark", "documentation", "reserved", "unspecified"],
  );
  assert.equal(isBogon(AddressClass.private), false);
  assert.equal(isBogon(AddressClass.global), false);
});
