/**
 * Run by `decoder_test.ts` as `deno run --v8-flags=--trace-gc,--expose-gc`: decodes every
 * fixture frame round-robin, FRAMES times, between two forced garbage collections, and prints
 * the heap growth over the loop as a JSON line. V8's trace shows any collection that the loop
 * itself caused between the two forced ones (whose reason is "testing").
 */
import { DecodedPacket } from "../packet.ts";
import { decodeFrame } from "../decoder.ts";
import { ALL_FRAMES } from "./all_frames.ts";
import { LINK_TYPE_GROUPS } from "./link_type_frames.ts";
import { ENCAPSULATION_CASES, LENGTH_CASES, TUNNEL_CASES } from "./encapsulation_frames.ts";

const FRAMES = Number(Deno.args[0] ?? 1_000_000);
// Long enough for V8 to finish optimising the decoder on a loaded 2-core machine: code still
// running unoptimised boxes numbers and would make a collection the test then blames on us.
const WARM_UP_FRAMES = 1_000_000;

// The fixtures, and the built frames of every other link type and encapsulation.
const frames = [
  ...ALL_FRAMES.map(([, f]) => f),
  ...[...LINK_TYPE_GROUPS.flat(), ...ENCAPSULATION_CASES, ...TUNNEL_CASES, ...LENGTH_CASES].map(
    (c) => ({ linkType: c.linkType, bytes: c.bytes, wireLen: c.wireLen ?? c.bytes.length }),
  ),
];
const views = frames.map((f) => new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.length));
const linkTypes = frames.map((f) => f.linkType);
const wireLens = frames.map((f) => f.wireLen);
const count = views.length;

function run(frames: number, out: DecodedPacket): number {
  let ipv4 = 0;
  for (let i = 0; i < frames; i++) {
    const f = i % count;
    const view = views[f]!;
    decodeFrame(linkTypes[f]!, view, 0, view.byteLength, wireLens[f]!, out);
    if (out.l3 === 1) ipv4++;
  }
  return ipv4;
}

const gc = (globalThis as unknown as { gc: () => void }).gc;
const out = new DecodedPacket();
run(WARM_UP_FRAMES, out);
gc();
const before = Deno.memoryUsage().heapUsed;
const start = performance.now();
const ipv4 = run(FRAMES, out);
const ms = performance.now() - start;
const heapGrowth = Deno.memoryUsage().heapUsed - before;
gc();
console.log(JSON.stringify({ frames: FRAMES, ipv4, heapGrowth, ms }));
