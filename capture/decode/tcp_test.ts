import assert from "node:assert/strict";
import { DecodeError, L4, TcpFlag } from "./packet.ts";
import {
  ETH_TCP_SNAPLEN68_SYN,
  ETH_TCP_SYN_ACK,
  ETH_TCP_TRAILER,
  ETH_TCP_XMAS,
} from "./testdata/ipv4_frames.ts";
import { NULL_IPV4_TCP_DATA, NULL_IPV6_TCP } from "./testdata/cooked_frames.ts";
import { cut, decode, edited } from "./testdata/fixture.ts";

/** Offset of the TCP header in the Ethernet/IPv4 fixtures. */
const TCP = 14 + 20;

Deno.test("decodeTcp() reads ports, sequence numbers, flags and window of a SYN-ACK", () => {
  const p = decode(ETH_TCP_SYN_ACK);
  assert.equal(p.l4, L4.tcp);
  assert.equal(p.srcPort, 80);
  assert.equal(p.dstPort, 56272);
  assert.equal(p.tcpSeq, 3222045538, "unsigned, above 2^31");
  assert.equal(p.tcpAck, 439450771);
  assert.equal(p.tcpFlags, TcpFlag.syn | TcpFlag.ack);
  assert.equal(p.tcpWindow, 28960);
  assert.equal(p.payloadOffset, TCP + 40, "after 20 bytes of options");
  assert.equal(p.payloadLength, 0);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("decodeTcp() reads the flags of an Xmas probe (FIN, PSH, URG)", () => {
  assert.equal(decode(ETH_TCP_XMAS).tcpFlags, TcpFlag.fin | TcpFlag.psh | TcpFlag.urg);
});

Deno.test("decodeTcp() reads the NS flag from the low bit of the data-offset byte", () => {
  const p = decode(edited(ETH_TCP_XMAS, (b) => b[TCP + 12]! |= 0x01));
  assert.equal(p.tcpFlags, TcpFlag.ns | TcpFlag.fin | TcpFlag.psh | TcpFlag.urg);
  assert.equal(p.error, DecodeError.none, "the data offset is still 5");
});

Deno.test("decodeTcp() reads the payload length from the IP total length", () => {
  const p = decode(NULL_IPV4_TCP_DATA);
  assert.equal(p.tcpFlags, TcpFlag.psh | TcpFlag.ack);
  assert.equal(p.payloadOffset, 4 + 20 + 32);
  assert.equal(p.payloadLength, 5);
  assert.equal(p.payloadCaptured, 5);
  assert.equal(decode(NULL_IPV6_TCP).tcpFlags, TcpFlag.syn);
});

Deno.test("decodeTcp() ignores an Ethernet trailer after the segment", () => {
  const p = decode(ETH_TCP_TRAILER);
  assert.equal(p.tcpFlags, TcpFlag.ack);
  assert.equal(p.payloadCaptured, 0);
});

Deno.test("decodeTcp() keeps ports, flags and window when the snaplen cuts the options", () => {
  const p = decode(ETH_TCP_SNAPLEN68_SYN);
  assert.equal(p.truncated, true);
  assert.equal(p.srcPort, 60827);
  assert.equal(p.dstPort, 25);
  assert.equal(p.tcpFlags, TcpFlag.syn | TcpFlag.ece | TcpFlag.cwr);
  assert.equal(p.tcpWindow, 5840);
  assert.equal(p.payloadOffset, TCP + 40);
  assert.equal(p.payloadCaptured, 0);
  assert.equal(p.error, DecodeError.truncatedTransport);
});

Deno.test("decodeTcp() sets each field only once its bytes are captured", () => {
  for (let n = 0; n < 20; n++) {
    const p = decode(cut(ETH_TCP_SYN_ACK, TCP + n));
    assert.equal(p.l4, L4.tcp);
    assert.equal(p.error, DecodeError.truncatedTransport);
    assert.equal(p.srcPort, n >= 4 ? 80 : -1, `${n} bytes`);
    assert.equal(p.dstPort, n >= 4 ? 56272 : -1);
    assert.equal(p.tcpSeq, n >= 8 ? 3222045538 : -1);
    assert.equal(p.tcpAck, n >= 12 ? 439450771 : -1);
    assert.equal(p.tcpFlags, n >= 14 ? TcpFlag.syn | TcpFlag.ack : -1);
    assert.equal(p.tcpWindow, n >= 16 ? 28960 : -1);
  }
});

Deno.test("decodeTcp() reports badTransportHeader when the data offset is below 5", () => {
  for (const offset of [0, 1, 4]) {
    const p = decode(edited(ETH_TCP_XMAS, (b) => b[TCP + 12] = offset << 4));
    assert.equal(p.error, DecodeError.badTransportHeader);
    assert.equal(p.srcPort, 63243, "the ports are still good");
    assert.equal(p.payloadLength, 0);
  }
});

Deno.test("decodeTcp() reports badTransportHeader when the data offset passes the IP payload", () => {
  // Data offset 15 (60 bytes), but the IP total length leaves 20 bytes for TCP.
  const p = decode(edited(ETH_TCP_XMAS, (b) => b[TCP + 12] = 0xf0));
  assert.equal(p.error, DecodeError.badTransportHeader);
  assert.equal(p.srcPort, 63243);
});
