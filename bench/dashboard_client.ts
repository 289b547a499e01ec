/**
 * The load an open dashboard puts on wirescope during the live benchmark: one client holding
 * the `/events` stream open and reading every message, and one polling `/stats`, as the page
 * and a script would. Both talk to loopback only.
 */
import { STATS_MAX_AGE_MS } from "../server/stats_cache.ts";

/** Not the default 8787, so that a wirescope already running on this host is left alone. */
export const DASHBOARD_PORT = 18_787;
const BASE = `http://127.0.0.1:${DASHBOARD_PORT}`;
/** Past the cached document's age limit, so the next /stats is a new one. */
const FRESH_MARGIN_MS = 250;
/** How often the poller asks for /stats: four times a second, more than any page does. */
const POLL_MS = 250;
/** How long the server may take to answer after the capture has started. */
const START_TIMEOUT_MS = 20_000;

export class DashboardClient {
  /** /stats answers received, and bytes of the event stream read. */
  polls = 0;
  eventBytes = 0;
  readonly #abort = new AbortController();
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #events: Promise<void>;

  private constructor(events: Response) {
    this.#events = this.#drain(events);
    this.#timer = setInterval(() => {
      fetch(`${BASE}/stats`, { signal: this.#abort.signal })
        .then((r) => r.arrayBuffer())
        .then(() => this.polls++, () => {});
    }, POLL_MS);
  }

  /** Waits for the server, then opens /events and starts polling. */
  static async open(): Promise<DashboardClient> {
    const deadline = performance.now() + START_TIMEOUT_MS;
    for (;;) {
      try {
        const events = await fetch(`${BASE}/events`);
        if (events.ok && events.body) return new DashboardClient(events);
        await events.body?.cancel();
        throw new Error(`GET /events answered ${events.status}`);
      } catch (error) {
        if (performance.now() > deadline) {
          throw new Error(`Cannot reach the dashboard on ${BASE}: ${(error as Error).message}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  /** Stops both clients and returns the last /stats document, as text. */
  async close(): Promise<string> {
    clearInterval(this.#timer);
    // While SSE clients are connected /stats serves the tick's document, up to
    // STATS_MAX_AGE_MS old: wait that out so the final counts are the final ones.
    await new Promise((resolve) => setTimeout(resolve, STATS_MAX_AGE_MS + FRESH_MARGIN_MS));
    const last = await fetch(`${BASE}/stats`).then((r) => r.text());
    this.#abort.abort();
    await this.#events;
    return last;
  }

  async #drain(events: Response): Promise<void> {
    const reader = events.body!.getReader();
    this.#abort.signal.addEventListener("abort", () => reader.cancel().catch(() => {}));
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        this.eventBytes += value.byteLength;
      }
    } catch {
      // cancelled at close, or the server went away: either way the stream is over
    }
  }
}
