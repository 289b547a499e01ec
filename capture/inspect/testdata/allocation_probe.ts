/**
 * Run by `app_inspector_test.ts` as `deno run --v8-flags=--trace-gc,--expose-gc`: decodes and
 * inspects, round-robin, the decoder's fixture frames that carry no name (TCP handshakes and
 * data, UDP, ICMP, ARP, IPv6...), FRAMES times between two forced collections, and prints the
 * heap growth as a JSON line. V8's trace shows any collection the loop itself caused.
 */
import { DecodedPacket } from "../../decode/packet.ts";
import { decodeFrame } from "../../decode/decoder.ts";
import { ALL_FRAMES } from "../../decode/testdata/all_frames.ts";
import { AppInspector } from "../app_inspector.ts";
import { ascii, tcpFrame, udpFrame } from "./build.ts";

const FRAMES = Number(Deno.args[0] ?? 1_000_000);
const WARM_UP_FRAMES = 200_000;

const packet = new DecodedPacket();
const inspector = new AppInspector();
/** Decoder fixtures without names, plus data segments that pass the first fast checks. */
const frames = [
  ...ALL_FRAMES.map(([, f]) => ({ bytes: f.bytes, linkType: f.linkType, wireLen: f.wireLen })),
  ...[
    tcpFrame(Uint8Array.of(0x17, 0x03, 0x03, 0x00, 0x20, ...new Uint8Array(32)), 1000),
    tcpFrame(ascii("GETAWAY: not a request\r\n"), 5000, 40000, 80),
    tcpFrame(ascii("HTTP/1.1 200 OK\r\n\r\n"), 7000, 80, 40000),
    udpFrame(new Uint8Array(1300).fill(0x40), 50000, 443),
    udpFrame(Uint8Array.of(0x1b, ...new Uint8Array(47)), 123, 123),
  ].map((bytes) => ({ bytes, linkType: 1, wireLen: bytes.length })),
].filter(({ bytes, linkType, wireLen }) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  decodeFrame(linkType, view, 0, bytes.length, wireLen, packet);
  // Fragments start reassembly buffers; names allocate by design.
  if (packet.isFragment) return false;
  inspector.inspect(packet, view, 0, bytes.length);
  return inspector.drain().length === 0;
});
const views = frames.map((f) => new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.length));

function run(count: number): number {
  let names = 0;
  for (let i = 0; i < count; i++) {
    const f = i % frames.length;
    const view = views[f]!;
    decodeFrame(frames[f]!.linkType, view, 0, view.byteLength, frames[f]!.wireLen, packet);
    inspector.inspect(packet, view, 0, view.byteLength);
    if (inspector.pending !== 0) names += inspector.drain().length;
  }
  return names;
}

const gc = (globalThis as unknown as { gc: () => void }).gc;
run(WARM_UP_FRAMES);
gc();
const before = Deno.memoryUsage().heapUsed;
const start = performance.now();
const names = run(FRAMES);
const ms = performance.now() - start;
const heapGrowth = Deno.memoryUsage().heapUsed - before;
gc();
console.log(JSON.stringify({ frames: frames.length, names, heapGrowth, ms }));
