/**
 * The history database as one object: alerts, mutes, models, the outbox, the minute series and
 * hourly talkers over one connection, with retention pruning. `--no-db` opens the same tables in
 * memory, so every feature works and nothing outlives the process.
 */
import type { DatabaseSync } from "node:sqlite";
import { AlertStore } from "./alert_store.ts";
import { openDatabase } from "./database.ts";
import { ModelStore } from "./model_store.ts";
import { MuteStore } from "./mute_store.ts";
import { OutboxStore } from "./outbox_store.ts";
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_RETENTION_DAYS,
  prune,
  type PruneResult,
  type RetentionPolicy,
} from "./retention.ts";
import { SeriesStore } from "./series_store.ts";
import { TalkerStore } from "./talker_store.ts";

export interface HistoryOptions {
  /** File path, or ":memory:" for `--no-db`. */
  path: string;
  retention?: Partial<RetentionPolicy>;
  /** Outbox bound (messages waiting). */
  maxOutbox?: number;
}

export class History {
  readonly path: string;
  readonly alerts: AlertStore;
  readonly mutes: MuteStore;
  readonly models: ModelStore;
  readonly outbox: OutboxStore;
  readonly series: SeriesStore;
  readonly talkers: TalkerStore;
  readonly retention: RetentionPolicy;
  readonly #db: DatabaseSync;
  #closed = false;

  constructor(options: HistoryOptions) {
    this.path = options.path;
    this.#db = openDatabase(options.path);
    this.alerts = new AlertStore(this.#db);
    this.mutes = new MuteStore(this.#db);
    this.models = new ModelStore(this.#db);
    this.outbox = new OutboxStore(this.#db, options.maxOutbox);
    this.series = new SeriesStore(this.#db);
    this.talkers = new TalkerStore(this.#db);
    this.retention = {
      days: options.retention?.days ?? DEFAULT_RETENTION_DAYS,
      maxBytes: options.retention?.maxBytes ?? DEFAULT_MAX_BYTES,
    };
  }

  get persistent(): boolean {
    return this.path !== ":memory:";
  }

  prune(nowMs: number): PruneResult {
    return prune(this.#db, this.retention, nowMs);
  }

  /** Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}
