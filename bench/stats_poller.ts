/**
 * The soak's `/stats` poller, run as a Worker so its clock measures wirescope and not the soak's
 * own event loop: in the soak process the 90 reading event streams and Chromium's driver share
 * one thread, and a poller timed there counted every turn they held it as server latency.
 *
 * Started with `new Worker(url, { type: "module" })`; the first message is a `PollerStart`,
 * any later one stops it. Each answer (or failure) is posted back as a `PollerReport`.
 */
/// <reference lib="deno.worker" />
import { type CaptureCounters, parseWirescopeCounters } from "./live_counters.ts";
import { serveUntilStopped } from "./stoppable_worker.ts";

/** Pause between one `/stats` answer and the next request: ten a second, more than any page. */
export const POLL_PAUSE_MS = 100;
/** A `/stats` request slower than this is counted as failed. */
export const POLL_TIMEOUT_MS = 10_000;

export interface PollerStart {
  /** `http://127.0.0.1:PORT/` */
  base: string;
}

export type PollerReport =
  | { kind: "answer"; latencyMs: number; counters: CaptureCounters | undefined }
  | { kind: "failure" };

/** Polls `/stats?pretty=0` until `signal` aborts, reporting each request's time. */
export async function pollStats(
  base: string,
  signal: AbortSignal,
  report: (r: PollerReport) => void,
): Promise<void> {
  const url = new URL("stats?pretty=0", base);
  while (!signal.aborted) {
    const started = performance.now();
    try {
      const response = await fetch(url, {
        signal: AbortSignal.any([signal, AbortSignal.timeout(POLL_TIMEOUT_MS)]),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`GET /stats answered ${response.status}`);
      const latencyMs = performance.now() - started;
      report({ kind: "answer", latencyMs, counters: parseWirescopeCounters(text) });
    } catch {
      if (signal.aborted) break;
      report({ kind: "failure" });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_PAUSE_MS));
  }
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  serveUntilStopped<PollerStart, PollerReport>((start, signal, report) =>
    pollStats(start.base, signal, report)
  );
}
