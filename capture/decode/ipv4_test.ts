import assert from "node:assert/strict";
import { DecodeError, L3, L4 } from "./packet.ts";
import * as frames from "./testdata/ipv4_frames.ts";
import { ETH_6IN4 } from "./testdata/ipv6_frames.ts";
import { addr, cut, decode, decodeEveryCut, edited } from "./testdata/fixture.ts";

/** Offset of the IPv4 header in the Ethernet fixtures. */
const IP = 14;

Deno.test("decodeIPv4() reads addresses, TTL, protocol and lengths of an ICMP echo", () => {
  const p = decode(frames.ETH_ICMP_ECHO);
  assert.equal(p.l3, L3.ipv4);
  assert.equal(p.addrLen, 4);
  assert.equal(addr(p.src, 4), "172.16.133.2");
  assert.equal(addr(p.dst, 4), "172.217.11.78");
  assert.equal(p.ttl, 64);
  assert.equal(p.ipProto, 1);
  assert.equal(p.l4, L4.icmp);
  assert.equal(p.ipHeaderLen, 20);
  assert.equal(p.ipTotalLen, 84);
  assert.equal(p.isFragment, false);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("decodeIPv4() skips options by IHL (IGMP with Router Alert)", () => {
  const p = decode(frames.ETH_IGMP_ROUTER_ALERT);
  assert.equal(p.ipHeaderLen, 24);
  assert.equal(p.ipProto, 2);
  assert.equal(p.l4, L4.other);
  assert.equal(p.payloadOffset, IP + 24);
  assert.equal(p.payloadLength, 16);
  assert.equal(p.payloadCaptured, 16);
});

Deno.test("decodeIPv4() bounds the payload by the total length, not the Ethernet trailer", () => {
  const p = decode(frames.ETH_TCP_TRAILER);
  assert.equal(p.caplen, 112);
  assert.equal(p.ipTotalLen, 40);
  assert.equal(p.payloadOffset, IP + 40);
  assert.equal(p.payloadLength, 0);
  assert.equal(p.payloadCaptured, 0);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("decodeIPv4() gives a first fragment its ports and a later fragment none", () => {
  const first = decode(frames.ETH_IPV4_FIRST_FRAGMENT);
  assert.equal(first.isFragment, true);
  assert.equal(first.fragOffset, 0);
  assert.equal(first.l4, L4.udp);
  assert.equal(first.srcPort, 45722);
  assert.equal(first.dstPort, 443);
  assert.equal(first.truncated, true);

  const last = decode(frames.ETH_IPV4_LAST_FRAGMENT);
  assert.equal(last.isFragment, true);
  assert.equal(last.fragOffset, 1480);
  assert.equal(last.ipProto, 17);
  assert.equal(last.l4, L4.udp, "a fragment counts under its datagram's protocol");
  assert.equal(last.srcPort, -1);
  assert.equal(last.dstPort, -1);
  assert.equal(last.payloadOffset, IP + 20);
  assert.equal(last.payloadLength, 60);
  assert.equal(last.error, DecodeError.none);
});

Deno.test("decodeIPv4() reads a first fragment whose total length exceeds the frame", () => {
  // caplen 59, frame.len 60, total length 1500: the probe cut the record's length too.
  const p = decode(frames.ETH_IPV4_SHORT_FIRST_FRAGMENT);
  assert.equal(p.ipTotalLen, 1500);
  assert.equal(p.srcPort, 53);
  assert.equal(p.dstPort, 10175);
  assert.equal(p.payloadCaptured, 59 - IP - 28);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("decodeIPv4() marks truncatedIPv4 when IHL*4 exceeds caplen", () => {
  // IHL 15: a 60-byte header, but only 59 bytes of IP are captured.
  const f = cut(edited(frames.ETH_ICMP_ECHO, (b) => b[IP] = 0x4f), IP + 59);
  const p = decode(f);
  assert.equal(p.error, DecodeError.truncatedIPv4);
  assert.equal(p.ipHeaderLen, 60);
  assert.equal(p.l4, L4.icmp, "the protocol field was read");
  assert.equal(p.icmpType, -1);
});

Deno.test("decodeIPv4() marks truncatedIPv4 when fewer than 20 bytes of header are captured", () => {
  for (let caplen = IP; caplen < IP + 20; caplen++) {
    const p = decode(cut(frames.ETH_ICMP_ECHO, caplen));
    assert.equal(p.error, DecodeError.truncatedIPv4);
    assert.equal(p.l3, L3.ipv4, "the EtherType announced IPv4");
    assert.equal(p.l4, L4.other, "an IP frame always gets a transport class");
    assert.equal(p.addrLen, 0);
  }
});

Deno.test("decodeIPv4() reports badIPv4Header when IHL < 5 or the version is not 4", () => {
  for (const first of [0x44, 0x40, 0x65, 0x05]) {
    const p = decode(edited(frames.ETH_ICMP_ECHO, (b) => b[IP] = first));
    assert.equal(p.error, DecodeError.badIPv4Header, `first byte 0x${first.toString(16)}`);
    assert.equal(p.l3, L3.ipv4);
    assert.equal(p.l4, L4.other);
    assert.equal(p.ipProto, -1);
  }
});

Deno.test("decodeIPv4() reports badIPv4Length when the total length is below the header length", () => {
  const p = decode(edited(frames.ETH_ICMP_ECHO, (_, v) => v.setUint16(IP + 2, 19)));
  assert.equal(p.error, DecodeError.badIPv4Length);
  assert.equal(p.ipTotalLen, 19);
  // tshark stops before the protocol and the addresses: no transport class, no talker.
  assert.equal(p.l3, L3.ipv4);
  assert.equal(p.l4, L4.other);
  assert.equal(p.ipProto, -1);
  assert.equal(p.addrLen, 0);
  assert.equal(p.icmpType, -1);
});

Deno.test("decodeIPv4() bounds the transport by a total length that is too small", () => {
  // 30 bytes: a 20-byte IP header and 10 bytes of the 40-byte TCP header; the rest is ignored.
  const p = decode(edited(frames.ETH_TCP_SYN_ACK, (_, v) => v.setUint16(IP + 2, 30)));
  assert.equal(p.l4, L4.tcp);
  assert.equal(p.srcPort, 80);
  assert.equal(p.tcpSeq, 3222045538);
  assert.equal(p.tcpAck, -1, "byte 8 of TCP is past the total length");
  assert.equal(p.error, DecodeError.truncatedTransport);
});

Deno.test("decodeIPv4() reads no further than caplen when the total length is too big", () => {
  const p = decode(edited(frames.ETH_TCP_SYN_ACK, (_, v) => v.setUint16(IP + 2, 1500)));
  assert.equal(p.ipTotalLen, 1500);
  assert.equal(p.payloadLength, 1500 - 20 - 40);
  assert.equal(p.payloadCaptured, 0);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("decodeIPv4() reads a total length of 0 (TSO) as reaching the frame's end", () => {
  const p = decode(edited(frames.ETH_TCP_SYN_ACK, (_, v) => v.setUint16(IP + 2, 0)));
  assert.equal(p.ipTotalLen, 74 - IP);
  assert.equal(p.srcPort, 80);
  assert.equal(p.error, DecodeError.none);
  // Cut by a snaplen, the datagram still reaches the end of the frame on the wire.
  const snapped = decode(cut(edited(frames.ETH_TCP_SYN_ACK, (_, v) => v.setUint16(IP + 2, 0)), 60));
  assert.equal(snapped.ipTotalLen, 74 - IP);
});

Deno.test("decodeIPv4() leaves GRE, SCTP and IPv6-in-IPv4 opaque, with l4 other", () => {
  const cases = [[frames.ETH_GRE, 47, 64], [frames.ETH_SCTP, 132, 28], [ETH_6IN4, 41, 72]] as const;
  for (const [f, proto, payload] of cases) {
    const p = decode(f);
    assert.equal(p.ipProto, proto);
    assert.equal(p.l4, L4.other);
    assert.equal(p.srcPort, -1);
    assert.equal(p.payloadOffset, IP + 20);
    assert.equal(p.payloadLength, payload);
    assert.equal(p.payloadCaptured, payload);
  }
});

Deno.test("decodeIPv4() never reads past caplen, at any cut of any IPv4 fixture", () => {
  for (const f of Object.values(frames)) decodeEveryCut(f);
});
