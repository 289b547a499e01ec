/**
 * The /stats document, taken at most once per tick and serialised once.
 *
 * A snapshot walks the host, port and flow tables: a few milliseconds usually, but tens with
 * tens of thousands of hosts, and it runs on the thread that drains the capture. The SSE tick
 * takes one every second anyway, so /stats serves that one while it is younger than
 * `maxAgeMs`, and takes a new one itself only when the ticks have stopped (no SSE client).
 * `generatedMs` in the document says when it was taken.
 */

import { PRETTY_INDENT } from "./json_response.ts";
import type { StatsDocument } from "../wire/stats_document.ts";
import { statsDocument } from "./stats_document.ts";
import type { StatsSource } from "./stats_source.ts";
import type { CaptureStatus } from "../wire/stats_document.ts";

/** One tick: the rates inside have 1 s resolution, and the dashboard redraws once a second. */
export const STATS_MAX_AGE_MS = 1000;

export class CachedStats {
  readonly doc: StatsDocument;
  readonly takenMs: number;
  #compact: string | null = null;
  #pretty: string | null = null;

  constructor(doc: StatsDocument, takenMs: number) {
    this.doc = doc;
    this.takenMs = takenMs;
  }

  /** The document as JSON text, built on first use and then shared. */
  text(pretty: boolean): string {
    if (pretty) return this.#pretty ??= JSON.stringify(this.doc, null, PRETTY_INDENT) + "\n";
    return this.#compact ??= JSON.stringify(this.doc);
  }
}

export interface StatsCacheOptions {
  engine: StatsSource;
  status: () => CaptureStatus;
  /** Milliseconds, monotonic. */
  now: () => number;
  maxAgeMs?: number;
}

export class StatsCache {
  readonly #engine: StatsSource;
  readonly #status: () => CaptureStatus;
  readonly #now: () => number;
  readonly #maxAgeMs: number;
  #current: CachedStats | null = null;

  constructor(options: StatsCacheOptions) {
    this.#engine = options.engine;
    this.#status = options.status;
    this.#now = options.now;
    this.#maxAgeMs = options.maxAgeMs ?? STATS_MAX_AGE_MS;
  }

  /** Take a new document now (the SSE tick does, once a second). */
  refresh(): CachedStats {
    this.#current = new CachedStats(statsDocument(this.#engine, this.#status), this.#now());
    return this.#current;
  }

  /**
   * Serialise the current document's compact text now, as a task of its own after the tick, so
   * the first program to ask /stats after a tick is not the one who waits for JSON.stringify
   * (several milliseconds for a large document). Pretty text stays built on first use: it is
   * for people at a terminal, not for pollers.
   */
  warm(): void {
    this.#current?.text(false);
  }

  /** The last document while it is younger than `maxAgeMs`, else a new one. */
  get(): CachedStats {
    const c = this.#current;
    if (c !== null && this.#now() - c.takenMs < this.#maxAgeMs) return c;
    return this.refresh();
  }
}
