/**
 * Throughput of `decodeFrame()` alone against `decodeFrame()` + `AppInspector.inspect()`, in
 * the same run over the same frames held in memory (so file reading is not timed):
 *
 *   deno run -A capture/inspect/throughput.ts [capture] [max frames]
 *
 * The default capture is the synthetic benchmark file `bench/out/synthetic-1m.pcap`.
 */
import { DecodedPacket, L4 } from "../decode/packet.ts";
import { decodeFrame } from "../decode/decoder.ts";
import { openSavefile } from "../savefile/mod.ts";
import { AppInspector } from "./app_inspector.ts";

/** Frames held in memory at most: a few hundred MB for typical frame sizes. */
const DEFAULT_MAX_FRAMES = 1_000_000;
/** Timed passes of each kind, alternated, best kept: damps JIT warm-up and noise. */
const ROUNDS = 3;

interface Frames {
  bytes: DataView;
  offsets: Uint32Array;
  lengths: Uint32Array;
  wireLens: Uint32Array;
  tsSec: Float64Array;
  linkTypes: Uint16Array;
  count: number;
}

function load(path: string, max: number): Frames {
  const reader = openSavefile(path);
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  const lengths: number[] = [];
  const wireLens: number[] = [];
  const tsSec: number[] = [];
  const linkTypes: number[] = [];
  let total = 0;
  while (offsets.length < max && reader.next()) {
    const { data, offset, caplen } = reader;
    chunks.push(new Uint8Array(data.buffer, data.byteOffset + offset, caplen).slice());
    offsets.push(total);
    lengths.push(caplen);
    wireLens.push(reader.wireLen);
    tsSec.push(reader.tsSec + reader.tsNsec / 1e9);
    linkTypes.push(reader.packetLinkType);
    total += caplen;
  }
  reader.close();
  const all = new Uint8Array(total);
  chunks.forEach((c, i) => all.set(c, offsets[i]!));
  return {
    bytes: new DataView(all.buffer),
    offsets: Uint32Array.from(offsets),
    lengths: Uint32Array.from(lengths),
    wireLens: Uint32Array.from(wireLens),
    tsSec: Float64Array.from(tsSec),
    linkTypes: Uint16Array.from(linkTypes),
    count: offsets.length,
  };
}

/** The frames of `f` that decode as TCP: "ordinary TCP traffic", where the bound applies. */
function tcpOnly(f: Frames): Frames {
  const packet = new DecodedPacket();
  const keep: number[] = [];
  for (let i = 0; i < f.count; i++) {
    decodeFrame(f.linkTypes[i]!, f.bytes, f.offsets[i]!, f.lengths[i]!, f.wireLens[i]!, packet);
    if (packet.l4 === L4.tcp) keep.push(i);
  }
  const pick = <T extends Uint32Array | Float64Array | Uint16Array>(a: T): T =>
    a.constructor === Uint32Array
      ? Uint32Array.from(keep, (i) => a[i]!) as T
      : a.constructor === Float64Array
      ? Float64Array.from(keep, (i) => a[i]!) as T
      : Uint16Array.from(keep, (i) => a[i]!) as T;
  return {
    bytes: f.bytes,
    offsets: pick(f.offsets),
    lengths: pick(f.lengths),
    wireLens: pick(f.wireLens),
    tsSec: pick(f.tsSec),
    linkTypes: pick(f.linkTypes),
    count: keep.length,
  };
}

/** Best-of-`ROUNDS` packets per second of both loops over `frames`. */
function compare(frames: Frames) {
  let decodeOnly = Infinity;
  let withInspect = Infinity;
  let names = 0;
  for (let r = 0; r < ROUNDS; r++) {
    decodeOnly = Math.min(decodeOnly, pass(frames, null).ms);
    const run = pass(frames, new AppInspector());
    withInspect = Math.min(withInspect, run.ms);
    names = run.names;
  }
  const rate = (ms: number) => Math.round(frames.count / (ms / 1000));
  return {
    frames: frames.count,
    decodeFramePerSecond: rate(decodeOnly),
    decodeAndInspectPerSecond: rate(withInspect),
    slowdown: Number((withInspect / decodeOnly).toFixed(2)),
    names,
  };
}

function pass(f: Frames, inspector: AppInspector | null): { ms: number; names: number } {
  const packet = new DecodedPacket();
  let names = 0;
  const start = performance.now();
  for (let i = 0; i < f.count; i++) {
    const off = f.offsets[i]!;
    const len = f.lengths[i]!;
    decodeFrame(f.linkTypes[i]!, f.bytes, off, len, f.wireLens[i]!, packet);
    if (inspector !== null) {
      const ts = f.tsSec[i]!;
      packet.tsSec = Math.floor(ts);
      packet.tsNsec = Math.round((ts - packet.tsSec) * 1e9);
      inspector.inspect(packet, f.bytes, off, len);
      // The worker drains once per ring batch of 256 packets.
      if ((i & 255) === 255) names += inspector.drain().length;
    }
  }
  if (inspector !== null) names += inspector.drain().length;
  return { ms: performance.now() - start, names };
}

if (import.meta.main) {
  const path = Deno.args[0] ??
    new URL("../../bench/out/synthetic-1m.pcap", import.meta.url).pathname;
  const max = Number(Deno.args[1] ?? DEFAULT_MAX_FRAMES);
  const frames = load(path, max);
  console.log(JSON.stringify({ file: path, all: compare(frames), tcp: compare(tcpOnly(frames)) }));
}
