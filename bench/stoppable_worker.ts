/**
 * The protocol of the soak's measuring threads (bench/stats_poller.ts, bench/wake_probe.ts): the
 * first message starts the work with its data, any later one stops it, every report is posted
 * back, and `{ kind: "stopped" }` is the last message once the work has ended.
 */
/// <reference lib="deno.worker" />

export interface Stopped {
  kind: "stopped";
}

/** Inside a Worker: run `work` on the first message, abort it on the next. */
export function serveUntilStopped<Start, Report>(
  work: (start: Start, signal: AbortSignal, report: (r: Report) => void) => Promise<void>,
): void {
  const abort = new AbortController();
  let started = false;
  self.onmessage = (event: MessageEvent<Start>) => {
    if (started) {
      abort.abort();
      return;
    }
    started = true;
    void work(event.data, abort.signal, (r) => self.postMessage(r))
      .finally(() => self.postMessage({ kind: "stopped" } satisfies Stopped));
  };
}

/**
 * In the soak: start the Worker at `url` with `start`, hand each report to `onReport` and an
 * uncaught error to `onError`. `stopped` resolves after the last report or the error.
 */
export function startStoppable<Start, Report>(
  url: URL,
  start: Start,
  onReport: (r: Report) => void,
  onError: () => void = () => {},
): { worker: Worker; stopped: Promise<void> } {
  const worker = new Worker(url, { type: "module" });
  const stopped = new Promise<void>((resolve) => {
    worker.onmessage = (event: MessageEvent<Report | Stopped>) => {
      const report = event.data;
      if ((report as Stopped).kind === "stopped") resolve();
      else onReport(report as Report);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      onError();
      resolve();
    };
  });
  worker.postMessage(start);
  return { worker, stopped };
}
