/**
 * Merging rate-series points by bucket time, as the /events deltas require: a delta re-sends
 * the previous newest bucket (it may have filled since) and every newer one.
 */

import type { SeriesData, SeriesFamily } from "../../stats/rate_series.ts";

/**
 * The series' families (stats/rate_series.ts SERIES_FAMILIES, checked equal by the test). Kept
 * here, not imported, so the bundle holds no engine code and engine changes never stale it.
 */
export const SERIES_KEYS: readonly SeriesFamily[] = [
  "total",
  "tcp",
  "udp",
  "icmp",
  "other-ip",
  "non-ip",
];

/** Buckets added at most to close a gap; a longer gap (clock jump) starts a new series. */
const MAX_GAP_BUCKETS = 86_400;

/**
 * `held` with `update`'s points written over or appended, trimmed to the newest `keep` buckets.
 * Returns null when the resolutions differ (a 1 min series cannot take 1 s points) so the
 * caller keeps what it has. The result is a new object with new arrays: charts compare by
 * identity to decide whether to redraw.
 */
export function mergeSeries(held: SeriesData, update: SeriesData, keep: number): SeriesData | null {
  const res = held.resolutionMs;
  if (update.resolutionMs !== res) return null;
  if (held.buckets === 0 || update.buckets === 0) {
    return update.buckets === 0 ? held : trim(copy(update), keep);
  }
  const offset = Math.round((update.startMs - held.startMs) / res);
  if (offset < 0 || offset - held.buckets > MAX_GAP_BUCKETS) return trim(copy(update), keep);
  const out = copy(held);
  const length = Math.max(held.buckets, offset + update.buckets);
  for (const family of SERIES_KEYS) {
    for (const [into, from] of [[out.pps, update.pps], [out.bps, update.bps]] as const) {
      const target = into[family];
      while (target.length < length) target.push(0);
      const source = from[family];
      for (let i = 0; i < update.buckets; i++) target[offset + i] = source[i] ?? 0;
    }
  }
  out.buckets = length;
  out.late = update.late;
  return trim(out, keep);
}

/** The newest `keep` buckets of `series` (in place). */
function trim(series: SeriesData, keep: number): SeriesData {
  const drop = series.buckets - keep;
  if (drop <= 0) return series;
  for (const family of SERIES_KEYS) {
    series.pps[family] = series.pps[family].slice(drop);
    series.bps[family] = series.bps[family].slice(drop);
  }
  series.buckets = keep;
  series.startMs += drop * series.resolutionMs;
  return series;
}

function copy(s: SeriesData): SeriesData {
  const pps = {} as SeriesData["pps"];
  const bps = {} as SeriesData["bps"];
  for (const family of SERIES_KEYS) {
    pps[family] = (s.pps[family] ?? []).slice();
    bps[family] = (s.bps[family] ?? []).slice();
  }
  return {
    resolutionMs: s.resolutionMs,
    startMs: s.startMs,
    buckets: s.buckets,
    pps,
    bps,
    late: s.late,
  };
}
