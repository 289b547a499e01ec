/**
 * What a soak records each interval and how its targets are judged: resident memory flat within
 * 5% after the warm-up, open descriptors flat, no packet dropped anywhere, and `/stats` answered
 * with a 99th percentile under 20 ms in every interval after the warm-up (the first document
 * of a run is built cold and is start-up, not steady state; the table still shows it). Pure functions over the samples, so the
 * verdicts are tested without running a soak.
 */
import { formatFixed, formatInt, markdownTable } from "./markdown_table.ts";

/** RSS after the warm-up may vary by this share of its lowest value and still be flat. */
export const RSS_FLAT_SHARE = 0.05;
/**
 * Descriptors after the warm-up may exceed the first post-warm-up count by this many: the
 * poller's keep-alive socket, the browser's fetches and the never-reading clients being
 * replaced come and go between samples. A leak of one descriptor per request or per client
 * replaced passes this within minutes.
 */
export const FD_SLACK = 8;
/** The `/stats` latency target, in milliseconds, for every interval's 99th percentile. */
export const STATS_P99_TARGET_MS = 20;

/** One interval's record. Drop counters are cumulative, as `/stats` reports them. */
export interface SoakSample {
  /** Seconds since the replay started, at the end of the interval. */
  atSeconds: number;
  rssMb: number;
  fds: number;
  /** Packets counted so far. */
  packets: number;
  kernelDrops: number;
  interfaceDrops: number;
  backlogDrops: number;
  /** `/stats` requests answered in the interval and their latencies. */
  statsRequests: number;
  /** `/stats` requests in the interval that failed or took over the poller's time limit. */
  statsFailures: number;
  statsP50Ms: number;
  statsP99Ms: number;
  statsMaxMs: number;
  /** Event-stream clients the server holds (its own `/healthz` count). */
  sseClients: number;
  /**
   * How late an idle thread of the soak process was woken (bench/wake_probe.ts): the machine's
   * own waiting under the load, to read the `/stats` figures against. NaN when not measured.
   */
  idleWakeP99Ms: number;
  idleWakeMaxMs: number;
}

export interface TargetVerdict {
  target: string;
  measured: string;
  pass: boolean;
}

/** The `q` quantile (0..1) of `values` by the nearest-rank method; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

/** Samples taken after the warm-up; the last sample when the run was shorter than it. */
export function afterWarmup(samples: readonly SoakSample[], warmupSeconds: number): SoakSample[] {
  const kept = samples.filter((s) => s.atSeconds > warmupSeconds);
  return kept.length > 0 ? kept : samples.slice(-1);
}

/** Whether descriptors stayed within `FD_SLACK` of the first post-warm-up count. */
export function descriptorsFlat(samples: readonly SoakSample[], warmupSeconds: number): boolean {
  const kept = afterWarmup(samples, warmupSeconds);
  const first = kept[0];
  return first !== undefined && Math.max(...kept.map((s) => s.fds)) <= first.fds + FD_SLACK;
}

/** Every target, judged on the samples. A run with no samples fails them all. */
export function judgeTargets(
  samples: readonly SoakSample[],
  warmupSeconds: number,
): TargetVerdict[] {
  const kept = afterWarmup(samples, warmupSeconds);
  const last = samples.at(-1);
  const rss = kept.map((s) => s.rssMb), fds = kept.map((s) => s.fds);
  const rssLow = Math.min(...rss), rssHigh = Math.max(...rss);
  const rssShare = (rssHigh - rssLow) / rssLow;
  const drops = last ? last.kernelDrops + last.interfaceDrops + last.backlogDrops : NaN;
  const worstP99 = Math.max(...kept.map((s) => s.statsP99Ms));
  const ok = samples.length > 0;
  return [
    {
      target: `RSS flat within ${RSS_FLAT_SHARE * 100}% after warm-up`,
      measured: `${formatFixed(rssLow, 1)}-${formatFixed(rssHigh, 1)} MB (${
        formatFixed(rssShare * 100, 1)
      }%)`,
      pass: ok && rssShare <= RSS_FLAT_SHARE,
    },
    {
      target: `descriptors flat (at most +${FD_SLACK} after warm-up)`,
      measured: `${Math.min(...fds)}-${Math.max(...fds)}`,
      pass: ok && descriptorsFlat(samples, warmupSeconds),
    },
    {
      target: "zero drops (kernel, interface, backlog)",
      measured: last
        ? `${formatInt(last.kernelDrops)} / ${formatInt(last.interfaceDrops)} / ${
          formatInt(last.backlogDrops)
        }`
        : "-",
      pass: ok && drops === 0,
    },
    {
      target: `/stats p99 under ${STATS_P99_TARGET_MS} ms in every interval after warm-up`,
      measured: `worst ${formatFixed(worstP99, 1)} ms, ${
        formatInt(kept.reduce((n, s) => n + s.statsFailures, 0))
      } failed`,
      pass: ok && kept.every((s) => s.statsRequests > 0 && s.statsFailures === 0) &&
        worstP99 < STATS_P99_TARGET_MS,
    },
  ];
}

/** The per-interval table, as Markdown, with packets per second between samples. */
export function soakTable(samples: readonly SoakSample[]): string {
  const rows = samples.map((s, i) => {
    const previous = samples[i - 1];
    const seconds = s.atSeconds - (previous?.atSeconds ?? 0);
    const rate = (s.packets - (previous?.packets ?? 0)) / seconds;
    return [
      formatFixed(s.atSeconds / 60, 1),
      formatFixed(s.rssMb, 1),
      String(s.fds),
      formatInt(s.packets),
      formatInt(rate),
      formatInt(s.kernelDrops),
      formatInt(s.interfaceDrops),
      formatInt(s.backlogDrops),
      formatInt(s.statsRequests),
      formatFixed(s.statsP50Ms, 1),
      formatFixed(s.statsP99Ms, 1),
      formatFixed(s.statsMaxMs, 1),
      String(s.sseClients),
      formatFixed(s.idleWakeP99Ms, 1),
      formatFixed(s.idleWakeMaxMs, 1),
    ];
  });
  return markdownTable([
    "Minute",
    "RSS MB",
    "FDs",
    "Packets",
    "Packets/s",
    "Kernel drops",
    "Interface drops",
    "Backlog drops",
    "/stats requests",
    "p50 ms",
    "p99 ms",
    "max ms",
    "SSE clients",
    "idle wake p99 ms",
    "idle wake max ms",
  ], rows);
}

/** The verdicts as Markdown, one row per target. */
export function verdictTable(verdicts: readonly TargetVerdict[]): string {
  return markdownTable(
    ["Target", "Measured", "Result"],
    verdicts.map((v) => [v.target, v.measured, v.pass ? "pass" : "FAIL"]),
  );
}
