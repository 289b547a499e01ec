import assert from "node:assert/strict";
import { DecodeError, L3, L4 } from "./packet.ts";
import { Dlt } from "./link_types.ts";
import { NULL_HEADER_LEN } from "./null_loopback.ts";
import { NULL_IPV4_TCP, NULL_IPV6_TCP } from "./testdata/cooked_frames.ts";
import { concat, cut, decode, decodeEveryCut, fixture } from "./testdata/fixture.ts";

const IPV4 = NULL_IPV4_TCP.bytes.subarray(NULL_HEADER_LEN);
const IPV6 = NULL_IPV6_TCP.bytes.subarray(NULL_HEADER_LEN);

function family(value: number, littleEndian: boolean): Uint8Array {
  const header = new Uint8Array(NULL_HEADER_LEN);
  new DataView(header.buffer).setUint32(0, value, littleEndian);
  return header;
}

Deno.test("decodeNull() reads AF_INET 2 and macOS's AF_INET6 30 as written by a little-endian Mac", () => {
  const v4 = decode(NULL_IPV4_TCP);
  assert.equal(v4.l3, L3.ipv4);
  assert.equal(v4.l4, L4.tcp);
  assert.equal(v4.hasMac, false);
  assert.equal(v4.etherType, -1);
  const v6 = decode(NULL_IPV6_TCP);
  assert.equal(v6.l3, L3.ipv6);
  assert.equal(v6.dstPort, 6666);
});

Deno.test("decodeNull() accepts the address family in either byte order", () => {
  for (const little of [true, false]) {
    assert.equal(decode(fixture(Dlt.null, concat(family(2, little), IPV4))).l3, L3.ipv4);
    for (const af of [24, 28, 30]) {
      const p = decode(fixture(Dlt.null, concat(family(af, little), IPV6)));
      assert.equal(p.l3, L3.ipv6, `AF ${af}, ${little ? "little" : "big"}-endian`);
    }
  }
});

Deno.test("decodeNull() reads a value above 1500 as an EtherType, as Wireshark does", () => {
  assert.equal(decode(fixture(Dlt.null, concat(family(0x0800, false), IPV4))).l3, L3.ipv4);
});

Deno.test("decodeNull() classifies unknown address families as l3 other", () => {
  for (const af of [0, 7, 10, 1500]) {
    const p = decode(fixture(Dlt.null, concat(family(af, true), IPV4)));
    assert.equal(p.l3, L3.other, `AF ${af}`);
    assert.equal(p.error, DecodeError.none);
  }
});

Deno.test("decodeLoop() reads the address family in network byte order only", () => {
  assert.equal(decode(fixture(Dlt.loop, concat(family(2, false), IPV4))).l3, L3.ipv4);
  assert.equal(decode(fixture(Dlt.loop, concat(family(24, false), IPV6))).l3, L3.ipv6);
  assert.equal(decode(fixture(Dlt.loop, concat(family(2, true), IPV4))).l3, L3.other);
});

Deno.test("decodeNull() and decodeLoop() mark truncatedLink when the family is cut", () => {
  for (const linkType of [Dlt.null, Dlt.loop]) {
    for (let caplen = 0; caplen < NULL_HEADER_LEN; caplen++) {
      const p = decode(cut({ ...NULL_IPV4_TCP, linkType }, caplen));
      assert.equal(p.error, DecodeError.truncatedLink);
      assert.equal(p.l3, L3.other);
    }
  }
});

Deno.test("decodeNull() never reads past caplen at any cut", () => {
  decodeEveryCut(NULL_IPV4_TCP);
  decodeEveryCut(NULL_IPV6_TCP);
});
