/**
 * The notification outbox: messages waiting to be sent, kept in the database so a restart does
 * not lose them, and bounded so a dead receiver cannot fill the disk. Sent and given-up counts
 * live in the `counters` table, so the failure count the page shows survives a restart too.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";

/** Messages waiting at most; past it the oldest is given up (and counted as failed). */
export const MAX_OUTBOX = 1000;

export interface OutboxMessage {
  id: number;
  /** Which channel sends it (a configured channel's name). */
  channel: string;
  /** The channel's request body or mail, as JSON text. */
  body: string;
  createdMs: number;
  nextAttemptMs: number;
  attempts: number;
  lastError: string | null;
}

export interface OutboxCounts {
  pending: number;
  sent: number;
  failed: number;
  lastError: string | null;
}

interface OutboxRow {
  id: number;
  channel: string;
  body: string;
  created_ms: number;
  next_attempt_ms: number;
  attempts: number;
  last_error: string | null;
}

export class OutboxStore {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #due: StatementSync;
  readonly #delete: StatementSync;
  readonly #retry: StatementSync;
  readonly #pending: StatementSync;
  readonly #oldest: StatementSync;
  readonly #bump: StatementSync;
  readonly #counter: StatementSync;
  readonly #max: number;
  #lastError: string | null = null;

  constructor(db: DatabaseSync, max = MAX_OUTBOX) {
    this.#db = db;
    this.#max = max;
    this.#insert = db.prepare(
      `INSERT INTO outbox (channel, body, created_ms, next_attempt_ms) VALUES (?, ?, ?, ?)
       RETURNING id`,
    );
    this.#due = db.prepare(
      "SELECT * FROM outbox WHERE next_attempt_ms <= ? ORDER BY next_attempt_ms, id LIMIT ?",
    );
    this.#delete = db.prepare("DELETE FROM outbox WHERE id = ?");
    this.#retry = db.prepare(
      "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?, last_error = ? WHERE id = ?",
    );
    this.#pending = db.prepare("SELECT count(*) AS n FROM outbox");
    this.#oldest = db.prepare("SELECT id FROM outbox ORDER BY id LIMIT 1");
    this.#bump = db.prepare(
      `INSERT INTO counters (name, value) VALUES (?, 1)
       ON CONFLICT (name) DO UPDATE SET value = value + 1`,
    );
    this.#counter = db.prepare("SELECT value FROM counters WHERE name = ?");
  }

  /** Queue a message; gives up the oldest when the outbox is full. */
  enqueue(channel: string, body: string, nowMs: number): number {
    if ((this.#pending.get() as { n: number }).n >= this.#max) {
      const oldest = this.#oldest.get() as { id: number } | undefined;
      if (oldest) this.giveUp(oldest.id, `outbox full (${this.#max} waiting): oldest dropped`);
    }
    return (this.#insert.get(channel, body, nowMs, nowMs) as { id: number }).id;
  }

  /** Messages whose next attempt is due at `nowMs`, oldest first. */
  due(nowMs: number, limit: number): OutboxMessage[] {
    return (this.#due.all(nowMs, limit) as unknown as OutboxRow[]).map(fromRow);
  }

  sent(id: number): void {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      this.#delete.run(id);
      this.#bump.run("notifications_sent");
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /** A failed attempt: try again at `nextAttemptMs`. */
  retryLater(id: number, error: string, nextAttemptMs: number): void {
    this.#lastError = error;
    this.#retry.run(nextAttemptMs, error, id);
  }

  /** Stop trying: the message is dropped and counted as failed. */
  giveUp(id: number, error: string): void {
    this.#lastError = error;
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      this.#delete.run(id);
      this.#bump.run("notifications_failed");
      this.#db.exec("COMMIT");
    } catch (e) {
      this.#db.exec("ROLLBACK");
      throw e;
    }
  }

  counts(): OutboxCounts {
    return {
      pending: (this.#pending.get() as { n: number }).n,
      sent: this.#value("notifications_sent"),
      failed: this.#value("notifications_failed"),
      lastError: this.#lastError,
    };
  }

  #value(name: string): number {
    return (this.#counter.get(name) as { value: number } | undefined)?.value ?? 0;
  }
}

function fromRow(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel,
    body: row.body,
    createdMs: row.created_ms,
    nextAttemptMs: row.next_attempt_ms,
    attempts: row.attempts,
    lastError: row.last_error,
  };
}
