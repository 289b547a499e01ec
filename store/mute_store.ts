/**
 * Mutes in the history database: silence one rule, one subject (a host, a "client -> server"
 * pair, a domain), or one rule on one subject, until an expiry or for good. The alert engine
 * asks `matches()` before raising; the API adds and lists them.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";

/** Mutes kept at most: far more than a person makes, small enough to check on every raise. */
export const MAX_MUTES = 1000;

export interface Mute {
  id: number;
  /** The rule muted, or null for every rule. */
  rule: string | null;
  /** The subject key muted, or null for every subject. */
  subjectKey: string | null;
  createdMs: number;
  /** Epoch ms it stops applying, or null for never. */
  expiresMs: number | null;
  note: string;
}

export type NewMute = Omit<Mute, "id">;

interface MuteRow {
  id: number;
  rule: string | null;
  subject_key: string | null;
  created_ms: number;
  expires_ms: number | null;
  note: string;
}

export class MuteStore {
  readonly #insert: StatementSync;
  readonly #active: StatementSync;
  readonly #delete: StatementSync;
  readonly #prune: StatementSync;
  readonly #count: StatementSync;
  /** Active mutes, read once per change instead of once per raise. */
  #cache: Mute[] | null = null;

  constructor(db: DatabaseSync) {
    this.#insert = db.prepare(
      `INSERT INTO mutes (rule, subject_key, created_ms, expires_ms, note)
       VALUES (?, ?, ?, ?, ?) RETURNING id`,
    );
    this.#active = db.prepare(
      "SELECT * FROM mutes WHERE expires_ms IS NULL OR expires_ms > ? ORDER BY id",
    );
    this.#delete = db.prepare("DELETE FROM mutes WHERE id = ?");
    this.#prune = db.prepare("DELETE FROM mutes WHERE expires_ms IS NOT NULL AND expires_ms <= ?");
    this.#count = db.prepare("SELECT count(*) AS n FROM mutes");
  }

  /** Keep a mute; throws RangeError when MAX_MUTES are already kept. */
  add(mute: NewMute): Mute {
    if (mute.rule === null && mute.subjectKey === null) {
      throw new RangeError("Cannot mute everything: name a rule, a subject or both");
    }
    this.#prune.run(mute.createdMs);
    if ((this.#count.get() as { n: number }).n >= MAX_MUTES) {
      throw new RangeError(`Cannot add a mute: ${MAX_MUTES} are kept already; remove some first`);
    }
    const { id } = this.#insert.get(
      mute.rule,
      mute.subjectKey,
      mute.createdMs,
      mute.expiresMs,
      mute.note,
    ) as { id: number };
    this.#cache = null;
    return { id, ...mute };
  }

  remove(id: number): boolean {
    this.#cache = null;
    return this.#delete.run(id).changes > 0;
  }

  /** Mutes in force at `nowMs`. */
  active(nowMs: number): Mute[] {
    return (this.#active.all(nowMs) as unknown as MuteRow[]).map(fromRow);
  }

  /** The mute silencing `rule` on `subjectKey` at `nowMs`, if any. */
  matching(rule: string, subjectKey: string, nowMs: number): Mute | undefined {
    this.#cache ??= this.active(nowMs);
    return this.#cache.find((m) =>
      (m.expiresMs === null || m.expiresMs > nowMs) &&
      (m.rule === null || m.rule === rule) &&
      (m.subjectKey === null || m.subjectKey === subjectKey)
    );
  }
}

function fromRow(row: MuteRow): Mute {
  return {
    id: row.id,
    rule: row.rule,
    subjectKey: row.subject_key,
    createdMs: row.created_ms,
    expiresMs: row.expires_ms,
    note: row.note,
  };
}
