import assert from "node:assert/strict";
import { DecodeError, L3, L4 } from "./packet.ts";
import { MAX_IPV6_EXT_HEADERS } from "./ipv6.ts";
import * as frames from "./testdata/ipv6_frames.ts";
import { RAW_IPV6_UDP } from "./testdata/cooked_frames.ts";
import { addr, concat, cut, decode, decodeEveryCut, edited, fixture } from "./testdata/fixture.ts";

/** Offset of the IPv6 header in the Ethernet fixtures. */
const IP = 14;
const NEXT_HEADER = IP + 6;

/**
 * A raw IPv6 packet (DLT_RAW) carrying `headers` extension headers of the given types, each 8
 * bytes long, then the UDP header and payload of a real DNS query.
 */
function withExtHeaders(headers: number[]): Uint8Array {
  const base = RAW_IPV6_UDP.bytes;
  const udp = base.subarray(40);
  const ext = new Uint8Array(8 * headers.length);
  headers.forEach((_, i) => ext[8 * i] = headers[i + 1] ?? 17);
  const packet = concat(base.subarray(0, 40), ext, udp);
  const view = new DataView(packet.buffer);
  view.setUint16(4, ext.length + udp.length);
  view.setUint8(6, headers[0] ?? 17);
  return packet;
}

Deno.test("decodeIPv6() reads addresses, hop limit and lengths of a Neighbor Solicitation", () => {
  const p = decode(frames.ETH_IPV6_ICMPV6_NS);
  assert.equal(p.l3, L3.ipv6);
  assert.equal(p.addrLen, 16);
  assert.equal(addr(p.src, 16), "0:0:0:0:0:0:0:0");
  assert.equal(addr(p.dst, 16), "ff02:0:0:0:0:1:fff5:0");
  assert.equal(p.ttl, 255);
  assert.equal(p.ipProto, 58);
  assert.equal(p.l4, L4.icmpv6);
  assert.equal(p.ipHeaderLen, 40);
  assert.equal(p.ipTotalLen, 64);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("decodeIPv6() skips a Hop-by-Hop header to reach ICMPv6 (MLDv2 report)", () => {
  const p = decode(frames.ETH_IPV6_HOPOPTS_MLD);
  assert.equal(p.ipProto, 58);
  assert.equal(p.l4, L4.icmpv6);
  assert.equal(p.ipHeaderLen, 48);
  assert.equal(p.icmpType, 143);
});

Deno.test("decodeIPv6() skips Hop-by-Hop, Routing, Destination Options and Shim6 headers", () => {
  const p = decode(fixture(12, withExtHeaders([0, 43, 60, 140, 60])));
  assert.equal(p.ipHeaderLen, 40 + 5 * 8);
  assert.equal(p.ipProto, 17);
  assert.equal(p.srcPort, 55941);
  assert.equal(p.dstPort, 53);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("decodeIPv6() gives a first fragment its ports and the Fragment header's protocol", () => {
  const p = decode(frames.ETH_IPV6_FIRST_FRAGMENT);
  assert.equal(p.isFragment, true);
  assert.equal(p.fragOffset, 0);
  assert.equal(p.ipProto, 17);
  assert.equal(p.ipHeaderLen, 48);
  assert.equal(p.srcPort, 53);
  assert.equal(p.dstPort, 46433);
});

Deno.test("decodeIPv6() gives a non-first fragment no ports, but its datagram's protocol", () => {
  const p = decode(frames.ETH_IPV6_LAST_FRAGMENT);
  assert.equal(p.isFragment, true);
  assert.equal(p.fragOffset, 1448);
  assert.equal(p.ipProto, 17);
  assert.equal(p.l4, L4.udp);
  assert.equal(p.srcPort, -1);
  assert.equal(p.payloadOffset, IP + 48);
  assert.equal(p.payloadLength, 61);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("decodeIPv6() does not skip ESP or AH: they make l4 other", () => {
  const esp = decode(frames.ETH_IPV6_ESP);
  assert.equal(esp.ipProto, 50);
  assert.equal(esp.l4, L4.other);
  assert.equal(esp.payloadLength, 116);
  const ah = decode(edited(frames.ETH_IPV6_ICMPV6_NS, (b) => b[NEXT_HEADER] = 51));
  assert.equal(ah.ipProto, 51);
  assert.equal(ah.l4, L4.other);
  assert.equal(ah.icmpType, -1);
});

Deno.test("decodeIPv6() reports badIPv6ExtHeader when a header's length passes the payload length", () => {
  // Hdr Ext Len 5: 48 bytes, but the payload length says 36.
  const p = decode(edited(frames.ETH_IPV6_HOPOPTS_MLD, (b) => b[IP + 41] = 5));
  assert.equal(p.error, DecodeError.badIPv6ExtHeader);
  assert.equal(p.l3, L3.ipv6);
  assert.equal(p.l4, L4.other);
  assert.equal(p.ipProto, -1);
});

Deno.test("decodeIPv6() reports badIPv6ExtHeader when a header is cut by caplen", () => {
  for (let caplen = IP + 40; caplen < IP + 48; caplen++) {
    const p = decode(cut(frames.ETH_IPV6_HOPOPTS_MLD, caplen));
    assert.equal(p.error, DecodeError.badIPv6ExtHeader, `caplen ${caplen}`);
  }
  for (let caplen = IP + 40; caplen < IP + 48; caplen++) {
    assert.equal(
      decode(cut(frames.ETH_IPV6_FIRST_FRAGMENT, caplen)).error,
      DecodeError.badIPv6ExtHeader,
    );
  }
});

Deno.test("decodeIPv6() gives up on a chain longer than MAX_IPV6_EXT_HEADERS", () => {
  const longest = decode(fixture(12, withExtHeaders(Array(MAX_IPV6_EXT_HEADERS).fill(60))));
  assert.equal(longest.error, DecodeError.none);
  assert.equal(longest.srcPort, 55941);
  const tooLong = decode(fixture(12, withExtHeaders(Array(MAX_IPV6_EXT_HEADERS + 1).fill(60))));
  assert.equal(tooLong.error, DecodeError.badIPv6ExtHeader);
  assert.equal(tooLong.l4, L4.other);
});

Deno.test("decodeIPv6() bounds the transport by a payload length that is too small", () => {
  const p = decode(edited(RAW_IPV6_UDP, (_, v) => v.setUint16(4, 4)));
  assert.equal(p.ipTotalLen, 44);
  assert.equal(p.srcPort, 55941);
  assert.equal(p.error, DecodeError.truncatedTransport);
});

Deno.test("decodeIPv6() reads no further than caplen when the payload length is too big", () => {
  const p = decode(edited(RAW_IPV6_UDP, (_, v) => v.setUint16(4, 9000)));
  assert.equal(p.ipTotalLen, 9040);
  assert.equal(p.payloadCaptured, 48);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("decodeIPv6() reads a payload length of 0 as an empty payload, as Wireshark does", () => {
  const p = decode(edited(RAW_IPV6_UDP, (_, v) => v.setUint16(4, 0)));
  assert.equal(p.l4, L4.udp);
  assert.equal(p.srcPort, -1);
  assert.equal(p.error, DecodeError.truncatedTransport);
});

Deno.test("decodeIPv6() reports badIpVersion when EtherType 0x86dd carries another version", () => {
  const p = decode(edited(frames.ETH_IPV6_ICMPV6_NS, (b) => b[IP] = 0x4e));
  assert.equal(p.error, DecodeError.badIpVersion);
  assert.equal(p.l3, L3.ipv6);
  assert.equal(p.l4, L4.other);
});

Deno.test("decodeIPv6() marks truncatedIPv6 when fewer than 40 bytes are captured", () => {
  for (let caplen = IP; caplen < IP + 40; caplen++) {
    const p = decode(cut(frames.ETH_IPV6_ICMPV6_NS, caplen));
    assert.equal(p.error, DecodeError.truncatedIPv6);
    assert.equal(p.l3, L3.ipv6);
    assert.equal(p.addrLen, 0);
  }
});

Deno.test("decodeIPv6() never reads past caplen, at any cut of any IPv6 fixture", () => {
  for (const f of Object.values(frames)) decodeEveryCut(f);
  decodeEveryCut(fixture(12, withExtHeaders([0, 43, 44, 60, 140])));
});
