import assert from "node:assert/strict";
import { DecodeError, L4 } from "./packet.ts";
import { ETH_ICMP_ECHO, ETH_ICMP_UNREACHABLE } from "./testdata/ipv4_frames.ts";
import { SLL2_ICMP_ECHO } from "./testdata/cooked_frames.ts";
import { cut, decode } from "./testdata/fixture.ts";

/** Offset of the ICMP header in the Ethernet/IPv4 fixtures. */
const ICMP = 14 + 20;

Deno.test("decodeIcmp() reads type and code of an echo request, and its data as payload", () => {
  const p = decode(ETH_ICMP_ECHO);
  assert.equal(p.l4, L4.icmp);
  assert.equal(p.icmpType, 8);
  assert.equal(p.icmpCode, 0);
  assert.equal(p.payloadOffset, ICMP + 8);
  assert.equal(p.payloadLength, 56);
  assert.equal(decode(SLL2_ICMP_ECHO).icmpType, 8);
});

Deno.test("decodeIcmp() does not take the ports of the UDP header an error quotes", () => {
  const p = decode(ETH_ICMP_UNREACHABLE);
  assert.equal(p.icmpType, 3);
  assert.equal(p.icmpCode, 3);
  assert.equal(p.l4, L4.icmp);
  assert.equal(p.srcPort, -1);
  assert.equal(p.payloadLength, 28, "the quoted IP header and 8 bytes of UDP");
});

Deno.test("decodeIcmp() keeps type and code when the header is cut after them", () => {
  for (let n = 0; n < 8; n++) {
    const p = decode(cut(ETH_ICMP_ECHO, ICMP + n));
    assert.equal(p.error, DecodeError.truncatedTransport);
    assert.equal(p.icmpType, n >= 2 ? 8 : -1);
    assert.equal(p.icmpCode, n >= 2 ? 0 : -1);
  }
});
