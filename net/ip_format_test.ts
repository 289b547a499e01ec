import assert from "node:assert/strict";
import { formatIPv4, formatIPv6, formatMac, ipv4TextOrder, parseAddress } from "./ip_format.ts";

/** Expanded form, then the text tshark 4.0 printed for it (`-T fields -e ipv6.src`). */
const TSHARK_IPV6_CASES: readonly [string, string][] = [
  ["2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1"], // RFC 5952 4.2.3: first run
  ["2001:0db8:0000:0001:0001:0001:0001:0001", "2001:db8:0:1:1:1:1:1"], // 4.2.2: one zero group
  ["0001:0000:0000:0002:0000:0000:0000:0003", "1:0:0:2::3"], // 4.2.3: longest run wins
  ["0001:0000:0000:0002:0000:0000:0003:0004", "1::2:0:0:3:4"], // 4.2.3: tie, first run
  ["0001:0000:0002:0000:0000:0003:0000:0004", "1:0:2::3:0:4"],
  ["abcd:ef01:2345:6789:abcd:ef01:2345:6789", "abcd:ef01:2345:6789:abcd:ef01:2345:6789"],
  ["0000:0000:0000:0000:0000:0000:0000:0000", "::"],
  ["0000:0000:0000:0000:0000:0000:0000:0001", "::1"],
  ["0000:0000:0000:0000:0000:0000:0000:0002", "::2"],
  ["0001:0000:0000:0000:0000:0000:0000:0000", "1::"],
  ["0000:0000:0001:0000:0000:0000:0000:0000", "0:0:1::"],
  ["2001:0000:0000:0001:0000:0000:0000:0000", "2001:0:0:1::"],
  ["fe80:0000:0000:0000:ffff:0000:0000:0001", "fe80::ffff:0:0:1"],
  // RFC 4291 2.5.5.2 IPv4-mapped: dotted quad (RFC 5952 section 5).
  ["0000:0000:0000:0000:0000:ffff:0102:0304", "::ffff:1.2.3.4"],
  ["0000:0000:0000:0000:0000:ffff:0000:0000", "::ffff:0.0.0.0"],
  ["0000:0000:0000:0000:0000:ffff:ffff:ffff", "::ffff:255.255.255.255"],
  ["0000:0000:0000:0000:0000:ffff:0001:0002", "::ffff:0.1.0.2"],
  // RFC 4291 2.5.5.1 IPv4-compatible: dotted quad only when exactly six groups lead with zero.
  ["0000:0000:0000:0000:0000:0000:0102:0304", "::1.2.3.4"],
  ["0000:0000:0000:0000:0000:0000:0001:0000", "::0.1.0.0"],
  ["0000:0000:0000:0000:0000:0000:0100:0000", "::1.0.0.0"],
  ["0000:0000:0000:0000:0000:0000:0000:0100", "::100"],
  // Not embedded: the zero run does not start the address, or group 5 is not ffff.
  ["0064:ff9b:0000:0000:0000:0000:0102:0304", "64:ff9b::102:304"],
  ["0001:0000:0000:0000:0000:ffff:0102:0304", "1::ffff:102:304"],
  ["0000:0000:0000:0000:ffff:0000:0102:0304", "::ffff:0:102:304"],
  ["0000:0000:0000:0000:0000:fffe:0102:0304", "::fffe:102:304"],
  ["0000:0000:0000:0000:0000:0001:0000:0000", "::1:0:0"],
  ["0000:0000:0000:0000:0001:0000:0000:0000", "::1:0:0:0"],
];

function expandedBytes(expanded: string): Uint8Array {
  const hex = expanded.replaceAll(":", "");
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

Deno.test("formatIPv6() matches tshark's RFC 5952 text for every table case", () => {
  for (const [expanded, text] of TSHARK_IPV6_CASES) {
    assert.equal(formatIPv6(expandedBytes(expanded)), text, expanded);
  }
});

Deno.test("formatIPv6() reads 16 bytes at the given offset", () => {
  const buf = new Uint8Array(20);
  buf.set(expandedBytes("2001:0db8:0000:0000:0000:0000:0000:0001"), 4);
  assert.equal(formatIPv6(buf, 4), "2001:db8::1");
});

Deno.test("parseAddress() round-trips every table case through formatIPv6()", () => {
  for (const [expanded, text] of TSHARK_IPV6_CASES) {
    const parsed = parseAddress(text);
    assert.ok(parsed !== null, text);
    assert.equal(parsed.len, 16);
    assert.deepEqual(parsed.bytes, expandedBytes(expanded), text);
    assert.deepEqual(parseAddress(expanded)?.bytes, expandedBytes(expanded));
  }
});

Deno.test("parseAddress() accepts uppercase IPv6 and rejects malformed text", () => {
  assert.equal(parseAddress("2001:DB8::1")?.len, 16);
  for (const bad of ["", "1.2.3", "1.2.3.256", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "::g"]) {
    assert.equal(parseAddress(bad), null, bad);
  }
  // "::" may stand for a single zero group when parsing (RFC 4291 2.2), though never printed so.
  assert.deepEqual(parseAddress("1:2:3:4:5:6:7::")?.bytes, parseAddress("1:2:3:4:5:6:7:0")?.bytes);
});

Deno.test("formatIPv4() prints an unsigned 32-bit number as a dotted quad", () => {
  assert.equal(formatIPv4(0xc0a80101), "192.168.1.1");
  assert.equal(formatIPv4(0xffffffff), "255.255.255.255");
  assert.equal(formatIPv4(0), "0.0.0.0");
  assert.deepEqual(parseAddress("10.0.0.1")?.bytes, new Uint8Array([10, 0, 0, 1]));
});

Deno.test("formatMac() prints six lowercase zero-padded hex bytes", () => {
  assert.equal(formatMac(new Uint8Array([0, 0x1b, 0xa, 0xff, 1, 2])), "00:1b:0a:ff:01:02");
});

Deno.test("ipv4TextOrder() orders addresses exactly as their dotted-quad text", () => {
  const addrs: number[] = [0, 0xffffffff, 0x0a00000a, 0x0a000009, 0x01020304, 0x0a020304];
  for (let i = 0; i < 2000; i++) addrs.push((Math.imul(i, 2654435761) ^ (i << 7)) >>> 0);
  const byText = [...addrs].sort((a, b) => {
    const x = formatIPv4(a), y = formatIPv4(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const byOrder = [...addrs].sort((a, b) => ipv4TextOrder(a) - ipv4TextOrder(b));
  assert.deepEqual(byOrder.map(formatIPv4), byText.map(formatIPv4));
});
