/**
 * The /events connection: one EventSource, replaced with exponential backoff when it fails
 * (the server restarted, or is gone). EventSource retries by itself only at the server's fixed
 * `retry:` interval and gives up for good on a non-200 answer (a 503 when the server is full),
 * so the page owns the retry loop instead.
 */

import type { DeltaEvent, SnapshotEvent } from "./live_state.ts";

/** First retry delay: quick enough that a restarted server is picked up almost at once. */
export const BACKOFF_BASE_MS = 500;
/** Longest delay: a page left open on a stopped server checks back at least this often. */
export const BACKOFF_MAX_MS = 10_000;

type TimerId = ReturnType<typeof setTimeout>;

export type StreamStatus =
  | { state: "connecting" }
  | { state: "open" }
  | { state: "retrying"; attempt: number; retryAtMs: number };

export interface StreamHandlers {
  snapshot(event: SnapshotEvent, receivedMs: number): void;
  delta(event: DeltaEvent, receivedMs: number): void;
  status(status: StreamStatus): void;
  /** A new or changed alert (the alert record as JSON). */
  alert?(alert: unknown): void;
}

/** What the stream needs from the page, so tests can script it. */
export interface StreamEnvironment {
  open(url: string): EventSource;
  setTimeout(fn: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
  now(): number;
  random(): number;
}

const browserEnvironment: StreamEnvironment = {
  open: (url) => new EventSource(url),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id),
  now: () => performance.now(),
  random: Math.random,
};

/**
 * Delay before retry number `attempt` (0-based): doubling from BACKOFF_BASE_MS up to
 * BACKOFF_MAX_MS, then scaled into [50%, 100%] by `random` so that many pages do not all
 * reconnect in the same instant after a restart.
 */
export function backoffDelay(attempt: number, random: number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling * (0.5 + random / 2));
}

export class LiveStream {
  readonly #url: string;
  readonly #handlers: StreamHandlers;
  readonly #env: StreamEnvironment;
  #source: EventSource | null = null;
  #timer: TimerId | null = null;
  #attempt = 0;
  #closed = false;

  constructor(url: string, handlers: StreamHandlers, env: StreamEnvironment = browserEnvironment) {
    this.#url = url;
    this.#handlers = handlers;
    this.#env = env;
  }

  start(): void {
    if (this.#closed || this.#source !== null) return;
    this.#handlers.status({ state: "connecting" });
    const source = this.#env.open(this.#url);
    this.#source = source;
    source.addEventListener("snapshot", (e) => {
      // A snapshot proves the server is back: the next failure starts from a short delay.
      this.#attempt = 0;
      this.#handlers.status({ state: "open" });
      this.#handlers.snapshot(JSON.parse((e as MessageEvent<string>).data), this.#env.now());
    });
    source.addEventListener("delta", (e) => {
      this.#handlers.delta(JSON.parse((e as MessageEvent<string>).data), this.#env.now());
    });
    source.addEventListener("alert", (e) => {
      this.#handlers.alert?.(JSON.parse((e as MessageEvent<string>).data));
    });
    source.addEventListener("error", () => this.#retry());
  }

  /** Stop for good (the page unmounts); idempotent. */
  close(): void {
    this.#closed = true;
    this.#source?.close();
    this.#source = null;
    if (this.#timer !== null) this.#env.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #retry(): void {
    this.#source?.close();
    this.#source = null;
    if (this.#closed || this.#timer !== null) return;
    const delay = backoffDelay(this.#attempt, this.#env.random());
    this.#handlers.status({
      state: "retrying",
      attempt: this.#attempt + 1,
      retryAtMs: this.#env.now() + delay,
    });
    this.#attempt++;
    this.#timer = this.#env.setTimeout(() => {
      this.#timer = null;
      this.start();
    }, delay);
  }
}
