/**
 * `--keep SIZE`: one ring per capture worker, SIZE shared evenly between them so the whole run
 * stays within what the user gave, and the rings' state in `/stats` (`keep`).
 */
import { createKeepBuffer } from "../capture/keep/keep_ring.ts";
import { KeepRingReader } from "../capture/keep/keep_ring_reader.ts";
import type { StatsSource } from "../server/stats_source.ts";
import type { KeepSummary } from "../wire/stats_document.ts";
import type { CaptureOptions } from "../capture/capture_session.ts";
import type { Options } from "./options.ts";

export interface KeptPackets {
  /** The worker of source `i` writes to `buffers[i]`. */
  buffers: SharedArrayBuffer[];
  /** The main thread reads them through these, for GET /api/pcap. */
  readers: KeepRingReader[];
}

/** The rings for `sources` capture workers, or undefined without `--keep`. */
export function keepRings(keepBytes: number, sources: number): KeptPackets | undefined {
  if (keepBytes === 0) return undefined;
  const share = Math.floor(keepBytes / sources);
  const buffers = Array.from({ length: sources }, () => createKeepBuffer(share));
  return { buffers, readers: buffers.map((buffer) => new KeepRingReader(buffer)) };
}

/**
 * What worker `index` keeps or writes beyond its analysis, each only when asked: `--payload N`'s
 * first payload bytes, `-w`'s files, `--keep`'s ring.
 */
export function keptOutputs(
  options: Pick<Options, "payloadBytes" | "write">,
  kept: KeptPackets | undefined,
  index: number,
): Pick<CaptureOptions, "keepPayloadBytes" | "dump" | "keep"> {
  return {
    ...(options.payloadBytes > 0 ? { keepPayloadBytes: options.payloadBytes } : {}),
    ...(options.write ? { dump: options.write } : {}),
    ...(kept ? { keep: kept.buffers[index]! } : {}),
  };
}

/** What the rings hold now, as `/stats` says it. */
export function keepSummary(readers: readonly KeepRingReader[]): KeepSummary {
  let bytes = 0;
  let packets = 0;
  let tooBig = 0;
  let oldest: number | null = null;
  let newest: number | null = null;
  for (const reader of readers) {
    const state = reader.state();
    bytes += state.bytes;
    packets += state.packets;
    tooBig += state.tooBig;
    const first = reader.oldest();
    const firstMs = first === null ? null : first[0] * 1000 + Math.floor(first[1] / 1e6);
    if (firstMs !== null && (oldest === null || firstMs < oldest)) oldest = firstMs;
    const lastMs = state.newest === null
      ? null
      : state.newest[0] * 1000 + Math.floor(state.newest[1] / 1e6);
    if (lastMs !== null && (newest === null || lastMs > newest)) newest = lastMs;
  }
  return { bytes, packets, oldest, newest, tooBig };
}

/** `source` whose snapshot carries `keep`. */
export function withKeep(source: StatsSource, readers: readonly KeepRingReader[]): StatsSource {
  return {
    snapshot: () => ({ ...source.snapshot(), keep: keepSummary(readers) }),
    flows: (query) => source.flows(query),
    packets: (query) => source.packets(query),
    series: (window) => source.series(window),
    ...(source.interfaceSeries
      ? {
        interfaceSeries: (name: string, window?: string) => source.interfaceSeries!(name, window),
      }
      : {}),
  };
}
