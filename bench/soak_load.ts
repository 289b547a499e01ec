/**
 * The clients a soak puts on wirescope's server: event-stream clients that read every frame,
 * event-stream clients that never read a byte (raw sockets that send the request and stop), and
 * one poller asking for `/stats` back to back with a pause, timing every answer on a thread of
 * its own (bench/stats_poller.ts), so the readers' work here is not timed as the server's, and
 * beside it a thread that only sleeps and times its own wake-ups (bench/wake_probe.ts). All
 * on loopback. The never-reading clients are replaced on request, so the server keeps meeting new
 * stalled clients however long the soak runs, and closes old ones both ways (its stall timeout
 * and the peer going away).
 */
import type { CaptureCounters } from "./live_counters.ts";
import type { PollerReport, PollerStart } from "./stats_poller.ts";
import type { WakeReport } from "./wake_probe.ts";
import { startStoppable } from "./stoppable_worker.ts";

/** close() waits this long at most for the clients to end; a soak must always report. */
const CLOSE_TIMEOUT_MS = 10_000;

export interface LoadOptions {
  /** `http://127.0.0.1:PORT/` */
  base: string;
  readers: number;
  nonReaders: number;
}

export interface PollWindow {
  latenciesMs: number[];
  failures: number;
  /** Counters of the last answer, undefined before any. */
  counters: CaptureCounters | undefined;
  /** How late an idle thread of this process was woken each time it asked (bench/wake_probe.ts). */
  wakeLatenessMs: number[];
}

export class SoakLoad {
  readonly #base: URL;
  readonly #abort = new AbortController();
  readonly #readers: Promise<void>[] = [];
  #nonReaders: Deno.TcpConn[] = [];
  readonly #nonReaderCount: number;
  #latencies: number[] = [];
  #failures = 0;
  #counters: CaptureCounters | undefined;
  #poller: Worker | undefined;
  #pollerStopped: Promise<void> | undefined;
  #wakeLateness: number[] = [];
  #wakeProbe: Worker | undefined;
  #wakeProbeStopped: Promise<void> | undefined;
  /** Bytes the reading clients have read, all together. */
  bytesRead = 0;

  private constructor(options: LoadOptions) {
    this.#base = new URL(options.base);
    this.#nonReaderCount = options.nonReaders;
  }

  /** Opens every client, then starts polling. Throws when a stream cannot be opened. */
  static async open(options: LoadOptions): Promise<SoakLoad> {
    const load = new SoakLoad(options);
    try {
      for (let i = 0; i < options.readers; i++) {
        load.#readers.push(load.#drain(await load.#openReader()));
      }
      await load.renewNonReaders();
    } catch (error) {
      await load.close();
      throw error;
    }
    load.#startPoller();
    load.#startWakeProbe();
    return load;
  }

  /** The `/stats` latencies since the previous call, and the counters of the last answer. */
  takeWindow(): PollWindow {
    const window = {
      latenciesMs: this.#latencies,
      failures: this.#failures,
      counters: this.#counters,
      wakeLatenessMs: this.#wakeLateness,
    };
    this.#latencies = [];
    this.#wakeLateness = [];
    this.#failures = 0;
    return window;
  }

  /** Closes the never-reading clients and opens as many new ones. */
  async renewNonReaders(): Promise<void> {
    for (const conn of this.#nonReaders) closeQuietly(conn);
    this.#nonReaders = [];
    const request = new TextEncoder().encode(
      `GET /events HTTP/1.1\r\nHost: ${this.#base.host}\r\nAccept: text/event-stream\r\n\r\n`,
    );
    for (let i = 0; i < this.#nonReaderCount; i++) {
      const conn = await Deno.connect({
        hostname: this.#base.hostname,
        port: Number(this.#base.port),
      });
      this.#nonReaders.push(conn);
      await conn.write(request);
    }
  }

  async close(): Promise<void> {
    this.#abort.abort();
    for (const conn of this.#nonReaders) closeQuietly(conn);
    this.#nonReaders = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => timer = setTimeout(resolve, CLOSE_TIMEOUT_MS));
    this.#poller?.postMessage("stop");
    this.#wakeProbe?.postMessage("stop");
    await Promise.race([
      Promise.all([...this.#readers, this.#pollerStopped, this.#wakeProbeStopped]),
      late,
    ]);
    clearTimeout(timer);
    this.#poller?.terminate();
    this.#poller = undefined;
    this.#wakeProbe?.terminate();
    this.#wakeProbe = undefined;
  }

  async #openReader(): Promise<ReadableStreamDefaultReader<Uint8Array>> {
    const response = await fetch(new URL("events", this.#base), { signal: this.#abort.signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`Cannot open an event stream: GET /events answered ${response.status}`);
    }
    return response.body.getReader();
  }

  async #drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    // Aborting the fetch alone left streams open after a long soak (their reads never settled
    // and close() waited until the server went away): cancel each reader too.
    const cancel = () => void reader.cancel().catch(() => {});
    this.#abort.signal.addEventListener("abort", cancel, { once: true });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        this.bytesRead += value.byteLength;
      }
    } catch {
      // Aborted at close, or the server went away: the soak's own checks report that.
    }
  }

  #startPoller(): void {
    const { worker, stopped } = startStoppable<PollerStart, PollerReport>(
      new URL("./stats_poller.ts", import.meta.url),
      { base: this.#base.href },
      (report) => {
        if (report.kind === "answer") {
          this.#latencies.push(report.latencyMs);
          this.#counters = report.counters ?? this.#counters;
        } else {
          this.#failures++;
        }
      },
      () => this.#failures++,
    );
    this.#poller = worker;
    this.#pollerStopped = stopped;
  }

  #startWakeProbe(): void {
    const { worker, stopped } = startStoppable<null, WakeReport>(
      new URL("./wake_probe.ts", import.meta.url),
      null,
      (report) => this.#wakeLateness.push(...report.latenessMs),
    );
    this.#wakeProbe = worker;
    this.#wakeProbeStopped = stopped;
  }
}

function closeQuietly(conn: Deno.TcpConn): void {
  try {
    conn.close();
  } catch {
    // The server closed it first.
  }
}
