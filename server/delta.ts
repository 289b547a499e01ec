/**
 * What the SSE stream sends: a full snapshot when a client connects (or falls behind), then
 * once per tick a delta holding only what changed since the previous tick.
 *
 * Each tick reads the engine once into a baseline: the /stats document split by top-level key
 * into JSON texts, the busiest flows, the chart series and the newest packets. A key's text is
 * compared with the previous baseline's to decide whether the delta carries it, and both the
 * delta and the snapshot are assembled from those same texts, so a snapshot taken for a late
 * client is exactly the state the next delta builds on.
 *
 * Applying a delta (see README.md): replace each key of `stats` and `flows` wholesale; merge
 * `series` points by bucket time (the newest bucket is re-sent while it fills); prepend
 * `packets` (newest first, each with a unique `seq`).
 */

import type { FlowSort } from "../stats/flow_query.ts";
import type { SeriesData } from "../stats/rate_series.ts";
import type { PacketRecord } from "../stats/recent_packets.ts";
import type { StatsDocument } from "../wire/stats_document.ts";
import type { StatsSource } from "./stats_source.ts";

/** Flows in each event: a screenful of the busiest, like iftop's list. */
export const EVENT_FLOWS = 20;
/** iftop's default order: the 2 s rate, so the list shows what is busy now. */
export const EVENT_FLOW_SORT: FlowSort = "rate";
/** Newest packets in a snapshot, and most new packets in one delta (the rest are counted). */
export const EVENT_PACKETS = 100;
/** Chart history in a snapshot; a delta carries at most this many new points too. */
export const EVENT_SERIES_WINDOW = "5m";
/** Changes every snapshot, so it is never a reason to send a delta; it rides on every event. */
const TIME_KEY = "generatedMs";

interface Baseline {
  seq: number;
  generatedMs: number;
  /** Top-level key of the /stats document -> its JSON text. */
  stats: Map<string, string>;
  flows: string;
  series: SeriesData;
  /** The newest bucket's time and values as JSON: the series changed when this did. */
  seriesHead: string;
  /** Newest packets, newest first. */
  packets: PacketRecord[];
  /** Highest packet `seq` the client has (0 before any packet). */
  packetSeq: number;
}

export class DeltaTracker {
  readonly #engine: StatsSource;
  readonly #document: () => StatsDocument;
  #base: Baseline | null = null;
  #seq = 0;
  #snapshotText: string | null = null;

  /** `document` takes a fresh /stats document (see `StatsCache.refresh()`). */
  constructor(engine: StatsSource, document: () => StatsDocument) {
    this.#engine = engine;
    this.#document = document;
  }

  /** Sequence number of the current baseline (the `id:` of its events); 0 before the first. */
  get seq(): number {
    return this.#base?.seq ?? 0;
  }

  /** True once a baseline exists. */
  get started(): boolean {
    return this.#base !== null;
  }

  /**
   * Read the engine into a new baseline. Returns the delta since the previous baseline as JSON,
   * or null when there was none or nothing changed.
   */
  advance(): string | null {
    const prev = this.#base;
    const next = this.#read(prev);
    this.#base = next;
    this.#snapshotText = null;
    if (prev === null) return null;

    const fields: string[] = [];
    const changed: string[] = [];
    for (const [key, text] of next.stats) {
      if (prev.stats.get(key) !== text) changed.push(`${JSON.stringify(key)}:${text}`);
    }
    if (changed.length > 0) fields.push(`"stats":{${changed.join(",")}}`);
    if (next.flows !== prev.flows) fields.push(`"flows":${next.flows}`);
    if (next.seriesHead !== prev.seriesHead) {
      fields.push(`"series":${JSON.stringify(seriesSince(next.series, prev.series))}`);
    }
    const fresh = next.packets.filter((p) => p.seq > prev.packetSeq);
    if (fresh.length > 0) {
      const skipped = next.packetSeq - prev.packetSeq - fresh.length;
      fields.push(`"packets":${JSON.stringify(fresh)}`, `"packetsSkipped":${Math.max(0, skipped)}`);
    }
    if (fields.length === 0) return null;
    return `{"seq":${next.seq},"${TIME_KEY}":${next.generatedMs},${fields.join(",")}}`;
  }

  /** The full state of the current baseline as JSON (taking a first baseline if needed). */
  snapshot(): string {
    if (this.#base === null) this.advance();
    if (this.#snapshotText !== null) return this.#snapshotText;
    const b = this.#base!;
    const stats = [...b.stats].map(([k, v]) => `${JSON.stringify(k)}:${v}`);
    stats.push(`"${TIME_KEY}":${b.generatedMs}`);
    const fields = [
      `"seq":${b.seq}`,
      `"${TIME_KEY}":${b.generatedMs}`,
      `"stats":{${stats.join(",")}}`,
      `"flows":${b.flows}`,
      `"series":${JSON.stringify(b.series)}`,
      `"packets":${JSON.stringify(b.packets)}`,
    ];
    this.#snapshotText = `{${fields.join(",")}}`;
    return this.#snapshotText;
  }

  /** Forget the baseline (no client is listening); the next `snapshot()` starts afresh. */
  reset(): void {
    this.#base = null;
    this.#snapshotText = null;
  }

  #read(prev: Baseline | null): Baseline {
    const doc = this.#document();
    const stats = new Map<string, string>();
    for (const [key, value] of Object.entries(doc)) {
      if (key !== TIME_KEY) stats.set(key, JSON.stringify(value));
    }
    const series = this.#engine.series(EVENT_SERIES_WINDOW);
    const packets = this.#engine.packets({ limit: EVENT_PACKETS });
    return {
      seq: ++this.#seq,
      generatedMs: doc.generatedMs,
      stats,
      flows: JSON.stringify(this.#engine.flows({ sort: EVENT_FLOW_SORT, limit: EVENT_FLOWS })),
      series,
      seriesHead: JSON.stringify(seriesSince(series, series)),
      packets,
      packetSeq: packets[0]?.seq ?? prev?.packetSeq ?? 0,
    };
  }
}

/**
 * The points of `now` from the newest bucket of `before` on: that bucket again (it may have
 * filled since) and every newer one, capped at the window.
 */
export function seriesSince(now: SeriesData, before: SeriesData): SeriesData {
  const res = now.resolutionMs;
  const prevHead = before.startMs + (before.buckets - 1) * res;
  const skip = before.buckets === 0 || before.resolutionMs !== res
    ? 0
    : Math.min(now.buckets, Math.max(0, Math.round((prevHead - now.startMs) / res)));
  const slice = (r: Record<string, number[]>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.slice(skip)]));
  return {
    resolutionMs: res,
    startMs: now.startMs + skip * res,
    buckets: now.buckets - skip,
    pps: slice(now.pps) as SeriesData["pps"],
    bps: slice(now.bps) as SeriesData["bps"],
    late: now.late,
  };
}
