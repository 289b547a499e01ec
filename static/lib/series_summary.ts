/**
 * The traffic chart in words, for people who cannot see it and for anyone who wants the numbers:
 * what the shown span holds (packets, bytes, each family's share of the packets) and its busiest
 * bucket. Read from the same series the chart draws.
 */
import type { SeriesData } from "../../stats/rate_series.ts";

const FAMILIES = [
  ["tcp", "TCP"],
  ["udp", "UDP"],
  ["icmp", "ICMP"],
  ["other-ip", "other IP"],
  ["non-ip", "not IP"],
] as const;

export interface SeriesSummary {
  packets: number;
  bytes: number;
  /** Families with packets in the span, busiest first, with their share of the packets. */
  families: { label: string; packets: number; share: number }[];
  /** The busiest bucket by bits per second: its start and rate; null when the span is idle. */
  peak: { atMs: number; bps: number } | null;
}

/** What `series` holds from `fromMs` (included) to `toMs` (excluded). */
export function seriesSummary(series: SeriesData, fromMs: number, toMs: number): SeriesSummary {
  const seconds = series.resolutionMs / 1000;
  const perFamily = FAMILIES.map(() => 0);
  let packets = 0;
  let bits = 0;
  let peak: SeriesSummary["peak"] = null;
  for (let i = 0; i < series.buckets; i++) {
    const t = series.startMs + i * series.resolutionMs;
    if (t < fromMs || t >= toMs) continue;
    const bps = series.bps.total[i] ?? 0;
    packets += (series.pps.total[i] ?? 0) * seconds;
    bits += bps * seconds;
    if (bps > 0 && (peak === null || bps > peak.bps)) peak = { atMs: t, bps };
    FAMILIES.forEach(([key], f) => {
      perFamily[f] = perFamily[f]! + (series.pps[key][i] ?? 0) * seconds;
    });
  }
  const total = Math.round(packets);
  const families = FAMILIES.map(([, label], f) => ({
    label,
    packets: Math.round(perFamily[f]!),
    share: total > 0 ? perFamily[f]! / packets : 0,
  })).filter((f) => f.packets > 0).sort((a, b) => b.packets - a.packets);
  return { packets: total, bytes: Math.round(bits / 8), families, peak };
}
