/**
 * Frames for micro-benchmarks: a few thousand synthetic frames of one kind (or of the whole
 * mix) packed back to back in one buffer, the way libpcap hands a file's packets to the
 * decoder through one window. Cycling through many different frames keeps a benchmark from
 * measuring one lucky branch pattern.
 *
 * Shared by `decode_bench.ts` and the statistics micro-benchmarks (`stats_bench.ts`, to come),
 * which decode a pool once and feed the `DecodedPacket`s to each structure.
 */
import { SyntheticTraffic, type TrafficOptions } from "./synthetic_traffic.ts";

/** Frames per pool: more than a branch predictor remembers, few enough to stay in L2 cache. */
export const POOL_FRAMES = 4096;

export interface FramePool {
  readonly data: DataView;
  /** Start offset and length of frame i, and its capture time. */
  readonly offsets: Uint32Array;
  readonly lengths: Uint16Array;
  readonly tsSec: Float64Array;
  readonly tsNsec: Uint32Array;
  readonly count: number;
}

/**
 * `count` frames from a traffic stream with these options. `accept` can skip frames, e.g. to
 * keep only data segments; it sees the stream right after each `next()`.
 */
export function framePool(
  options: TrafficOptions,
  count = POOL_FRAMES,
  accept: (t: SyntheticTraffic) => boolean = () => true,
): FramePool {
  const traffic = new SyntheticTraffic(options);
  const frames: Uint8Array[] = [];
  const tsSec = new Float64Array(count), tsNsec = new Uint32Array(count);
  let total = 0;
  for (let guard = 0; frames.length < count; guard++) {
    if (guard > count * 1000) {
      throw new RangeError("Cannot fill frame pool: the filter rejects all");
    }
    const length = traffic.next();
    if (!accept(traffic)) continue;
    tsSec[frames.length] = traffic.tsSec;
    tsNsec[frames.length] = traffic.tsNsec;
    frames.push(traffic.bytes.slice(0, length));
    total += length;
  }
  const bytes = new Uint8Array(total);
  const offsets = new Uint32Array(count), lengths = new Uint16Array(count);
  let at = 0;
  frames.forEach((frame, i) => {
    bytes.set(frame, at);
    offsets[i] = at;
    lengths[i] = frame.length;
    at += frame.length;
  });
  return { data: new DataView(bytes.buffer), offsets, lengths, tsSec, tsNsec, count };
}
