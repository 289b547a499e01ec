import assert from "node:assert/strict";
import { DecodeError, L4 } from "./packet.ts";
import { ETH_IPV4_UDP_DNS } from "./testdata/ethernet_frames.ts";
import { ETH_IPV4_SHORT_FIRST_FRAGMENT } from "./testdata/ipv4_frames.ts";
import { RAW_IPV4_UDP, SLL_IPV6_UDP } from "./testdata/cooked_frames.ts";
import { cut, decode, edited } from "./testdata/fixture.ts";

/** Offset of the UDP header in the Ethernet/IPv4 fixtures. */
const UDP = 14 + 20;

Deno.test("decodeUdp() reads ports and payload of a DNS response", () => {
  const p = decode(ETH_IPV4_UDP_DNS);
  assert.equal(p.l4, L4.udp);
  assert.equal(p.srcPort, 53);
  assert.equal(p.dstPort, 32795);
  assert.equal(p.payloadOffset, UDP + 8);
  assert.equal(p.payloadLength, 34);
  assert.equal(p.payloadCaptured, 34);
  assert.equal(p.error, DecodeError.none);
});

Deno.test("decodeUdp() reads UDP over IPv6 and over raw IPv4", () => {
  assert.deepEqual([decode(SLL_IPV6_UDP).srcPort, decode(SLL_IPV6_UDP).dstPort], [42086, 4443]);
  assert.deepEqual([decode(RAW_IPV4_UDP).srcPort, decode(RAW_IPV4_UDP).dstPort], [38472, 53]);
});

Deno.test("decodeUdp() bounds the captured payload by the UDP length", () => {
  const p = decode(edited(ETH_IPV4_UDP_DNS, (_, v) => v.setUint16(UDP + 4, 18)));
  assert.equal(p.payloadLength, 10);
  assert.equal(p.payloadCaptured, 10);
});

Deno.test("decodeUdp() takes a first fragment's payload length from the UDP header", () => {
  const p = decode(ETH_IPV4_SHORT_FIRST_FRAGMENT);
  assert.equal(p.payloadLength, 2985 - 8, "the whole datagram's");
  assert.equal(p.payloadCaptured, 59 - UDP - 8);
});

Deno.test("decodeUdp() reports badTransportHeader when the length is below 8", () => {
  for (const len of [0, 1, 7]) {
    const p = decode(edited(ETH_IPV4_UDP_DNS, (_, v) => v.setUint16(UDP + 4, len)));
    assert.equal(p.error, DecodeError.badTransportHeader);
    assert.equal(p.srcPort, 53, "the ports are still good");
    assert.equal(p.payloadLength, 0);
  }
});

Deno.test("decodeUdp() keeps the ports when the header is cut after them", () => {
  for (let n = 0; n < 8; n++) {
    const p = decode(cut(ETH_IPV4_UDP_DNS, UDP + n));
    assert.equal(p.error, DecodeError.truncatedTransport);
    assert.equal(p.srcPort, n >= 4 ? 53 : -1);
    assert.equal(p.l4, L4.udp);
  }
});
