/**
 * Chart points for the stacked traffic timeline, thinned by min-max decimation applied to the
 * total and shared by every family. Chart.js's own decimation plugin picks points per dataset,
 * so stacked areas would add values of different seconds; here every family keeps the same
 * buckets (each group's minimum and maximum total, in time order) and the stack stays exact.
 *
 * The stacking is done here too: each point's `y` is the top of its family's band (the sum of
 * the families below plus its own value `v`), so the chart only fills each line down to the
 * previous one. Chart.js's stacked axes and "stack" fill redo that sum and interpolate every
 * point on every update, which cost more than everything else in a live update.
 */

import type { SeriesData, SeriesFamily } from "../../stats/rate_series.ts";

/** Families in stacking order, bottom first; "total" is their sum and is not drawn. */
export const STACKED_FAMILIES = ["tcp", "udp", "icmp", "other-ip", "non-ip"] as const;
export type StackedFamily = typeof STACKED_FAMILIES[number];

export interface Point {
  /** Bucket start, epoch ms. */
  x: number;
  /** Top of the family's band: its value plus those of the families below. */
  y: number;
  /** The family's own value. */
  v: number;
}

/**
 * Bucket indices to draw: all when there are at most `maxPoints`, else per group of buckets
 * the one with the lowest and the one with the highest total, so peaks and gaps both survive.
 */
export function minMaxIndices(total: readonly number[], maxPoints: number): number[] {
  const n = total.length;
  const all: number[] = [];
  if (n <= maxPoints || maxPoints < 4) {
    for (let i = 0; i < n; i++) all.push(i);
    return all;
  }
  const groups = Math.floor(maxPoints / 2);
  const size = n / groups;
  for (let g = 0; g < groups; g++) {
    const from = Math.floor(g * size);
    const to = Math.min(n, Math.floor((g + 1) * size));
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      const v = total[i] ?? 0;
      if (v < (total[lo] ?? 0)) lo = i;
      if (v > (total[hi] ?? 0)) hi = i;
    }
    if (lo === hi) all.push(lo);
    else all.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  return all;
}

/**
 * Per family, `{x: bucket start (epoch ms), y: value * scale}` for the chosen buckets of the
 * last `buckets` of `series`. `scale` turns bits/s into bytes/s (1/8) for the units toggle.
 */
export function stackedPoints(
  series: SeriesData,
  metric: "pps" | "bps",
  buckets: number,
  maxPoints: number,
  scale = 1,
): Record<StackedFamily, Point[]> {
  const skip = Math.max(0, series.buckets - buckets);
  const values = series[metric];
  const total = (values.total ?? []).slice(skip);
  const indices = minMaxIndices(total, maxPoints);
  const out = {} as Record<StackedFamily, Point[]>;
  const below = new Float64Array(indices.length);
  for (const family of STACKED_FAMILIES) {
    const column: readonly number[] = values[family as SeriesFamily] ?? [];
    out[family] = indices.map((i, k) => {
      const v = (column[skip + i] ?? 0) * scale;
      const y = below[k]! + v;
      below[k] = y;
      return { x: series.startMs + (skip + i) * series.resolutionMs, y, v };
    });
  }
  return out;
}

/** Packets and bytes in the buckets that start inside [fromMs, toMs). */
export function rangeTotals(
  series: SeriesData,
  fromMs: number,
  toMs: number,
): { packets: number; bytes: number } {
  const seconds = series.resolutionMs / 1000;
  let packets = 0;
  let bits = 0;
  for (let i = 0; i < series.buckets; i++) {
    const t = series.startMs + i * series.resolutionMs;
    if (t < fromMs || t >= toMs) continue;
    packets += (series.pps.total[i] ?? 0) * seconds;
    bits += (series.bps.total[i] ?? 0) * seconds;
  }
  return { packets: Math.round(packets), bytes: Math.round(bits / 8) };
}
