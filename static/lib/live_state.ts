/**
 * The page's copy of the server state, built from the /events stream: a snapshot replaces it,
 * a delta is merged into it (server/README.md, "GET /events"). Merging keeps the identity of
 * every top-level stats value the delta did not carry, so a panel can tell "unchanged" by `===`.
 */

import type { SeriesData } from "../../stats/rate_series.ts";
import type { PacketRecord } from "../../stats/recent_packets.ts";
import type { PageFlows, PageStats } from "./page_stats.ts";
import { mergeSeries } from "./series_merge.ts";

/**
 * Packets kept for the table: what a snapshot holds (the server's EVENT_PACKETS), so a delta
 * with 100 new packets never makes the page hold more than it could get back after a reconnect.
 */
export const PAGE_PACKETS = 100;
/** The live chart's history: the snapshot's 5 minutes of 1 s buckets. */
export const LIVE_SERIES_BUCKETS = 300;

export interface SnapshotEvent {
  seq: number;
  generatedMs: number;
  stats: PageStats;
  flows: PageFlows;
  series: SeriesData;
  packets: PacketRecord[];
}

export interface DeltaEvent {
  seq: number;
  generatedMs: number;
  stats?: Partial<PageStats>;
  flows?: PageFlows;
  series?: SeriesData;
  packets?: PacketRecord[];
  packetsSkipped?: number;
}

export interface LiveState {
  seq: number;
  stats: PageStats;
  /** The busiest flows by 2 s rate, as the stream sends them. */
  flows: PageFlows;
  /** 1 s buckets; longer than 5 minutes once the 15 min or 1 h window was loaded. */
  series: SeriesData;
  /** Newest first. */
  packets: PacketRecord[];
  /** Packets the stream did not carry since the page connected (too many in one tick). */
  packetsSkipped: number;
}

export function stateFromSnapshot(event: SnapshotEvent): LiveState {
  return {
    seq: event.seq,
    stats: event.stats,
    flows: event.flows,
    series: event.series,
    packets: event.packets.slice(0, PAGE_PACKETS),
    packetsSkipped: 0,
  };
}

/**
 * Merge `delta` into `state` in place. `seriesBuckets` is how much chart history to keep (the
 * selected window, at least the live 5 minutes).
 */
export function applyDelta(
  state: LiveState,
  delta: DeltaEvent,
  seriesBuckets = LIVE_SERIES_BUCKETS,
): void {
  state.seq = delta.seq;
  if (delta.stats) state.stats = { ...state.stats, ...delta.stats };
  state.stats.generatedMs = delta.generatedMs;
  if (delta.flows) state.flows = delta.flows;
  if (delta.series) {
    const merged = mergeSeries(state.series, delta.series, seriesBuckets);
    if (merged) state.series = merged;
  }
  if (delta.packets && delta.packets.length > 0) {
    state.packets = delta.packets.concat(state.packets).slice(0, PAGE_PACKETS);
  }
  state.packetsSkipped += delta.packetsSkipped ?? 0;
}
