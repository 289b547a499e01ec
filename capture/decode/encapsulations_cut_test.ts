/**
 * Every built frame of the link-type and encapsulation fixtures, decoded cut at every byte
 * (`decodeEveryCut`): no read past caplen, and the same result whatever lies after it.
 */
import assert from "node:assert/strict";
import { LINK_TYPE_GROUPS } from "./testdata/link_type_frames.ts";
import {
  ENCAPSULATION_CASES,
  LENGTH_CASES,
  TUNNEL_CASES,
} from "./testdata/encapsulation_frames.ts";
import { concat, decode, decodeEveryCut, fixture } from "./testdata/fixture.ts";
import { DecodeError, L3 } from "./packet.ts";
import { ethernet, u32 } from "./testdata/layers.ts";
import { MAX_LINK_NESTING } from "./ether_types.ts";
import { MAX_MPLS_LABELS } from "./mpls.ts";

// The jumbogram captured whole is left out: 70,000 cuts of it would take minutes and prove no
// more than its snapped twin.
const ALL = [...LINK_TYPE_GROUPS.flat(), ...ENCAPSULATION_CASES, ...TUNNEL_CASES, ...LENGTH_CASES]
  .filter((c) => c.bytes.length < 4096);

for (const c of ALL) {
  Deno.test(`decodeFrame() never reads past caplen at any cut: ${c.name}`, () => {
    decodeEveryCut(fixture(c.linkType, c.bytes, c.wireLen));
  });
}

Deno.test("decodeEtherType() stops a frame of frames after MAX_LINK_NESTING steps", () => {
  // Bridged Ethernet inside bridged Ethernet...: each step is 14 bytes, every one valid.
  let frame = ethernet(0x0800, new Uint8Array(20).fill(0x45));
  for (let i = 0; i < MAX_LINK_NESTING + 1; i++) frame = ethernet(0x6558, frame);
  const p = decode(fixture(1, frame));
  assert.equal(p.l3, L3.other);
  assert.equal(p.error, DecodeError.tooManyEncapsulations);
  let allowed = ethernet(0x0800, new Uint8Array(20).fill(0x45));
  for (let i = 0; i < MAX_LINK_NESTING; i++) allowed = ethernet(0x6558, allowed);
  assert.equal(decode(fixture(1, allowed)).l3, L3.ipv4, "MAX_LINK_NESTING steps are taken");
});

Deno.test("An MPLS stack longer than MAX_MPLS_LABELS is not walked to its end", () => {
  const label = u32((16 << 12) | 64);
  const bottom = u32((16 << 12) | 0x100 | 64);
  const stack = (n: number) =>
    concat(...Array.from({ length: n - 1 }, () => Uint8Array.from(label)), Uint8Array.from(bottom));
  const ip = new Uint8Array(20).fill(0x45);
  const long = decode(fixture(1, ethernet(0x8847, concat(stack(MAX_MPLS_LABELS + 1), ip))));
  assert.equal(long.error, DecodeError.tooManyEncapsulations);
  const ok = decode(fixture(1, ethernet(0x8847, concat(stack(MAX_MPLS_LABELS), ip))));
  assert.equal(ok.l3, L3.ipv4);
});
