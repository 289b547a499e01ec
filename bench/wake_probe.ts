/**
 * The soak's reference for the machine itself: a thread that does nothing but ask to be woken
 * every `WAKE_PERIOD_MS` and records how late each wake-up came. Run as a Worker in the soak
 * process beside the `/stats` poller (bench/stats_poller.ts), it shows how long the machine under
 * the soak's load keeps an idle thread waiting, so a `/stats` percentile can be read against
 * what any program on the same machine meets: on a two-core machine with tcpreplay holding a
 * core, such a thread waited over 20 ms 17 times in 90 s (worst 52 ms).
 *
 * Started and stopped as bench/stoppable_worker.ts says; every `REPORT_EVERY_MS` it posts a
 * `WakeReport` with the lateness of each wake-up.
 */
/// <reference lib="deno.worker" />
import { serveUntilStopped } from "./stoppable_worker.ts";

/** How often the thread asks to be woken. */
export const WAKE_PERIOD_MS = 5;
/** How often the lateness measured so far is posted. */
export const REPORT_EVERY_MS = 1000;

export interface WakeReport {
  kind: "lateness";
  latenessMs: number[];
}

/** Sleeps `WAKE_PERIOD_MS` at a time until `signal` aborts, reporting each wake-up's lateness. */
export async function measureWakeups(
  signal: AbortSignal,
  report: (r: WakeReport) => void,
): Promise<void> {
  let batch: number[] = [];
  let reportAt = performance.now() + REPORT_EVERY_MS;
  while (!signal.aborted) {
    const asked = performance.now();
    await new Promise((resolve) => setTimeout(resolve, WAKE_PERIOD_MS));
    const woke = performance.now();
    batch.push(Math.max(0, woke - asked - WAKE_PERIOD_MS));
    if (woke >= reportAt) {
      report({ kind: "lateness", latenessMs: batch });
      batch = [];
      reportAt = woke + REPORT_EVERY_MS;
    }
  }
  if (batch.length > 0) report({ kind: "lateness", latenessMs: batch });
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  serveUntilStopped<null, WakeReport>((_start, signal, report) => measureWakeups(signal, report));
}
