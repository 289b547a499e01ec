/**
 * One SSE client: a byte stream fed with shared, pre-encoded frames through a small bounded
 * queue.
 *
 * The stream is pull-based (high-water mark 0): a frame leaves the queue only when the HTTP
 * server asks for the next chunk, which it does once the previous one reached the socket. A
 * client that reads slowly therefore shows up here as a growing queue, never as memory growing
 * elsewhere. Past `queueFrames` the queued deltas are thrown away and replaced by one fresh full
 * snapshot, which brings the client up to date in one frame; a client that takes no frame at all
 * for `stallTimeoutMs` is closed. Frames are shared `Uint8Array`s, so a queue costs pointers.
 */

import { PING_FRAME } from "./sse_frame.ts";

/** Frames a client may have waiting: 8 ticks (8 s) of deltas before it gets a snapshot instead. */
export const CLIENT_QUEUE_FRAMES = 8;
/** A client that takes no frame for this long while frames wait is closed (it can reconnect). */
export const SLOW_CLIENT_TIMEOUT_MS = 30_000;
/**
 * Idle time before a `: ping` comment: under the 30-60 s idle timeouts common in proxies and
 * load balancers, and often enough for the server to notice a vanished peer.
 */
export const HEARTBEAT_MS = 15_000;

export type CloseReason = "disconnected" | "slow" | "shutdown";

export interface SseClientOptions {
  /** Milliseconds, monotonic. */
  now: () => number;
  /** Called once, when the client goes away for any reason. */
  onClose: (client: SseClient, reason: CloseReason) => void;
  queueFrames?: number;
}

export class SseClient {
  readonly id: number;
  readonly stream: ReadableStream<Uint8Array>;
  /** Frames this client never received: replaced by a snapshot or discarded at close. */
  dropped = 0;
  /** Times its queue was replaced by a snapshot. */
  coalesced = 0;
  readonly #now: () => number;
  readonly #onClose: (client: SseClient, reason: CloseReason) => void;
  readonly #limit: number;
  readonly #queue: Uint8Array[] = [];
  #controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  /** The server asked for a chunk and the queue was empty: the next frame goes straight out. */
  #waiting = false;
  /** When the queue last went from empty to waiting, or the client last took a frame from it. */
  #blockedSince = 0;
  #lastSent: number;
  #closed = false;

  /** `first` frames (retry hint, snapshot) are handed out before anything else. */
  constructor(id: number, first: readonly Uint8Array[], options: SseClientOptions) {
    this.id = id;
    this.#now = options.now;
    this.#onClose = options.onClose;
    this.#limit = options.queueFrames ?? CLIENT_QUEUE_FRAMES;
    this.#lastSent = this.#now();
    this.stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
        for (const frame of first) controller.enqueue(frame);
      },
      pull: () => this.#pull(),
      cancel: () => this.#end("disconnected"),
    }, { highWaterMark: 0 });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Frames waiting for the client to read. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Send `frame`, or, when the queue is full, replace everything queued with `snapshot()`
   * (called only then, so callers can build it lazily and share it).
   */
  send(frame: Uint8Array, snapshot: () => Uint8Array): void {
    if (this.#closed) return;
    this.#lastSent = this.#now();
    if (this.#queue.length >= this.#limit) {
      this.dropped += this.#queue.length + 1;
      this.coalesced++;
      this.#queue.length = 0;
      this.#queue.push(snapshot());
      return;
    }
    this.#push(frame);
  }

  /** Send a heartbeat if nothing was sent for `heartbeatMs` and nothing is waiting. */
  heartbeat(heartbeatMs: number = HEARTBEAT_MS): void {
    if (this.#closed || this.#queue.length > 0) return;
    if (this.#now() - this.#lastSent < heartbeatMs) return;
    this.#lastSent = this.#now();
    this.#push(PING_FRAME);
  }

  /** How long frames have waited without the client taking one; 0 when none waits. */
  stalledMs(): number {
    return this.#queue.length === 0 ? 0 : this.#now() - this.#blockedSince;
  }

  /** End the stream from our side (slow client, shutdown). */
  close(reason: CloseReason): void {
    if (this.#closed) return;
    try {
      this.#controller?.close();
    } catch {
      // Already closed or errored by the consumer: nothing left to end.
    }
    this.#end(reason);
  }

  #push(frame: Uint8Array): void {
    if (this.#waiting) {
      this.#waiting = false;
      this.#controller?.enqueue(frame);
      return;
    }
    if (this.#queue.length === 0) this.#blockedSince = this.#now();
    this.#queue.push(frame);
  }

  #pull(): void {
    const frame = this.#queue.shift();
    if (frame === undefined) {
      this.#waiting = true;
      return;
    }
    this.#blockedSince = this.#now();
    this.#controller?.enqueue(frame);
  }

  #end(reason: CloseReason): void {
    if (this.#closed) return;
    this.#closed = true;
    this.dropped += this.#queue.length;
    this.#queue.length = 0;
    this.#waiting = false;
    this.#onClose(this, reason);
  }
}
