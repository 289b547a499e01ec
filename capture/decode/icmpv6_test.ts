import assert from "node:assert/strict";
import { DecodeError, L4 } from "./packet.ts";
import { ETH_IPV6_HOPOPTS_MLD, ETH_IPV6_ICMPV6_NS } from "./testdata/ipv6_frames.ts";
import { SLL2_ICMPV6_ECHO } from "./testdata/cooked_frames.ts";
import { cut, decode } from "./testdata/fixture.ts";

/** Offset of the ICMPv6 header in the Ethernet/IPv6 Neighbor Solicitation. */
const ICMPV6 = 14 + 40;

Deno.test("decodeIcmpv6() reads a Neighbor Solicitation's type, code and target as payload", () => {
  const p = decode(ETH_IPV6_ICMPV6_NS);
  assert.equal(p.l4, L4.icmpv6);
  assert.equal(p.icmpType, 135);
  assert.equal(p.icmpCode, 0);
  assert.equal(p.payloadOffset, ICMPV6 + 8);
  assert.equal(p.payloadLength, 16, "the target address");
});

Deno.test("decodeIcmpv6() reads an MLDv2 report behind Hop-by-Hop and an echo over SLL2", () => {
  assert.equal(decode(ETH_IPV6_HOPOPTS_MLD).icmpType, 143);
  assert.equal(decode(SLL2_ICMPV6_ECHO).icmpType, 128);
  assert.equal(decode(SLL2_ICMPV6_ECHO).payloadLength, 56);
});

Deno.test("decodeIcmpv6() keeps type and code when the header is cut after them", () => {
  for (let n = 0; n < 8; n++) {
    const p = decode(cut(ETH_IPV6_ICMPV6_NS, ICMPV6 + n));
    assert.equal(p.error, DecodeError.truncatedTransport);
    assert.equal(p.icmpType, n >= 2 ? 135 : -1);
  }
});
