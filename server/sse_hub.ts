/**
 * The /events hub: connected SSE clients and the once-a-second broadcast.
 *
 * `tick()` (called by the server's timer) reads the engine once, serialises the delta once and
 * hands the same bytes to every client, so 50 clients cost one `JSON.stringify`, not 50. A full
 * snapshot frame is built at most once per tick, and only when someone needs it (a new client
 * or one that fell behind). With no client connected a tick does nothing at all.
 */

import { DeltaTracker } from "./delta.ts";
import { HttpError } from "./http_error.ts";
import { API_HEADERS } from "./json_response.ts";
import {
  CLIENT_QUEUE_FRAMES,
  type CloseReason,
  HEARTBEAT_MS,
  SLOW_CLIENT_TIMEOUT_MS,
  SseClient,
} from "./sse_client.ts";
import { encodeEvent, encodeRetry, SSE_RETRY_MS } from "./sse_frame.ts";
import { StatsCache } from "./stats_cache.ts";
import type { StatsSource } from "./stats_source.ts";
import type { CaptureStatus } from "../wire/stats_document.ts";

/** Most concurrent streams: far above a team watching one capture, far below memory trouble. */
export const MAX_SSE_CLIENTS = 256;
/** Seconds a refused client is told to wait (`Retry-After`, RFC 9110 section 10.2.3). */
const FULL_RETRY_AFTER_S = 10;

export interface SseHubOptions {
  engine: StatsSource;
  status: () => CaptureStatus;
  /** Milliseconds, monotonic; default `performance.now`. */
  now?: () => number;
  maxClients?: number;
  queueFrames?: number;
  slowClientTimeoutMs?: number;
  heartbeatMs?: number;
  retryMs?: number;
}

/** Counters for /healthz and tests. */
export interface SseHubCounts {
  /** Streams open now. */
  clients: number;
  /** Streams ever opened. */
  connected: number;
  /** Streams refused because `maxClients` were open. */
  rejected: number;
  /** Streams closed because the client took nothing for `slowClientTimeoutMs`. */
  closedSlow: number;
  /** Frames never delivered, over all clients (replaced by a snapshot, or lost at close). */
  droppedFrames: number;
  /** Times a lagging client's queue was replaced by a snapshot. */
  coalesced: number;
  /** Delta events broadcast. */
  events: number;
}

export class SseHub {
  /** The /stats document each tick takes, shared with the /stats route. */
  readonly stats: StatsCache;
  readonly #tracker: DeltaTracker;
  readonly #now: () => number;
  readonly #clients = new Set<SseClient>();
  readonly #maxClients: number;
  readonly #queueFrames: number;
  readonly #slowMs: number;
  readonly #heartbeatMs: number;
  readonly #retry: Uint8Array;
  #nextId = 1;
  /** The current baseline's snapshot frame, built on first need. */
  #snapshotFrame: Uint8Array | null = null;
  /** `prepare()` took the next tick's document; `tick()` uses it rather than taking another. */
  #prepared = false;
  readonly #counts: Omit<SseHubCounts, "clients"> = {
    connected: 0,
    rejected: 0,
    closedSlow: 0,
    droppedFrames: 0,
    coalesced: 0,
    events: 0,
  };

  constructor(options: SseHubOptions) {
    this.#now = options.now ?? (() => performance.now());
    this.stats = new StatsCache({ engine: options.engine, status: options.status, now: this.#now });
    this.#tracker = new DeltaTracker(options.engine, () => this.#takeDocument());
    this.#maxClients = options.maxClients ?? MAX_SSE_CLIENTS;
    this.#queueFrames = options.queueFrames ?? CLIENT_QUEUE_FRAMES;
    this.#slowMs = options.slowClientTimeoutMs ?? SLOW_CLIENT_TIMEOUT_MS;
    this.#heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
    this.#retry = encodeRetry(options.retryMs ?? SSE_RETRY_MS);
  }

  get counts(): SseHubCounts {
    const out = { clients: this.#clients.size, ...this.#counts };
    for (const c of this.#clients) {
      out.droppedFrames += c.dropped;
      out.coalesced += c.coalesced;
    }
    return out;
  }

  /** Open a stream: `retry:`, then the full snapshot, then deltas. Throws 503 when full. */
  connect(): Response {
    if (this.#clients.size >= this.#maxClients) {
      this.#counts.rejected++;
      throw new HttpError(
        503,
        `Cannot open event stream: ${this.#maxClients} clients already connected`,
        {
          headers: { "retry-after": String(FULL_RETRY_AFTER_S) },
        },
      );
    }
    const client = new SseClient(this.#nextId++, [this.#retry, this.#snapshot()], {
      now: this.#now,
      queueFrames: this.#queueFrames,
      onClose: (c, reason) => this.#remove(c, reason),
    });
    this.#clients.add(client);
    this.#counts.connected++;
    return new Response(client.stream, {
      headers: {
        ...API_HEADERS,
        "content-type": "text/event-stream; charset=utf-8",
        // Ask reverse proxies (nginx) not to buffer the stream.
        "x-accel-buffering": "no",
      },
    });
  }

  /**
   * The first half of a tick, as a task of its own: take the /stats document (walking the
   * engine's tables) and leave serialising and sending it to `tick()`. Under a live capture each
   * half takes a few milliseconds of the thread that also drains packets and answers HTTP;
   * run as two tasks, a request that arrived meanwhile is answered between them, not after both.
   */
  prepare(): void {
    if (this.#clients.size === 0) return;
    this.stats.refresh();
    this.#prepared = true;
  }

  /** Once a second: broadcast what changed, send heartbeats, close clients stuck too long. */
  tick(): void {
    if (this.#clients.size === 0) {
      this.#prepared = false;
      // Nobody listens: skip the work, and let the next client start from a fresh baseline.
      this.#tracker.reset();
      this.#snapshotFrame = null;
      return;
    }
    const delta = this.#tracker.advance();
    this.#snapshotFrame = null;
    const frame = delta === null ? null : encodeEvent("delta", this.#tracker.seq, delta);
    if (frame !== null) this.#counts.events++;
    const snapshot = () => this.#snapshot();
    for (const client of this.#clients) {
      if (frame !== null) client.send(frame, snapshot);
      client.heartbeat(this.#heartbeatMs);
      if (client.stalledMs() >= this.#slowMs) client.close("slow");
    }
  }

  /**
   * Send one named event (a new or changed alert) to every client now, between ticks. A client
   * whose queue overflows gets a snapshot instead, which tells the page to read again.
   */
  broadcast(event: string, data: string): void {
    if (this.#clients.size === 0) return;
    const frame = encodeEvent(event, this.#tracker.seq, data);
    const snapshot = () => this.#snapshot();
    for (const client of this.#clients) client.send(frame, snapshot);
  }

  /** End every stream (server shutdown). */
  close(): void {
    for (const client of [...this.#clients]) client.close("shutdown");
  }

  /** The document `prepare()` took (still fresh: `get()` re-takes a stale one), else a new one. */
  #takeDocument() {
    if (!this.#prepared) return this.stats.refresh().doc;
    this.#prepared = false;
    return this.stats.get().doc;
  }

  #snapshot(): Uint8Array {
    if (this.#snapshotFrame === null) {
      const json = this.#tracker.snapshot();
      this.#snapshotFrame = encodeEvent("snapshot", this.#tracker.seq, json);
    }
    return this.#snapshotFrame;
  }

  #remove(client: SseClient, reason: CloseReason): void {
    this.#clients.delete(client);
    this.#counts.droppedFrames += client.dropped;
    this.#counts.coalesced += client.coalesced;
    if (reason === "slow") this.#counts.closedSlow++;
  }
}
