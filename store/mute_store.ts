/**
 * Mutes in the history database, so what a person judged harmless stays silent after a restart.
 * A mute names a rule (or a rule family: "port_scan" covers "port_scan.vertical"), a subject
 * key, a client/server pair, or a combination, and may expire. The alert engine holds the
 * active ones in memory and checks them before raising; this store is their lasting copy.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";

/** Mutes kept at most: each is a person's decision, so hundreds are already a lot. */
export const MAX_MUTES = 1024;

export interface StoredMute {
  id: number;
  rule?: string;
  subject?: string;
  pair?: { client: string; server: string };
  /** Epoch ms it ends, or null for never. */
  untilMs: number | null;
  createdMs: number;
  note: string;
}

export type NewMute = Omit<StoredMute, "id">;

interface MuteRow {
  id: number;
  rule: string | null;
  subject_key: string | null;
  pair_client: string | null;
  pair_server: string | null;
  created_ms: number;
  until_ms: number | null;
  note: string;
}

export class MuteStore {
  readonly #insert: StatementSync;
  readonly #active: StatementSync;
  readonly #delete: StatementSync;
  readonly #prune: StatementSync;
  readonly #count: StatementSync;

  constructor(db: DatabaseSync) {
    this.#insert = db.prepare(
      `INSERT INTO mutes (rule, subject_key, pair_client, pair_server, created_ms, until_ms, note)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    );
    this.#active = db.prepare(
      "SELECT * FROM mutes WHERE until_ms IS NULL OR until_ms > ? ORDER BY id",
    );
    this.#delete = db.prepare("DELETE FROM mutes WHERE id = ?");
    this.#prune = db.prepare("DELETE FROM mutes WHERE until_ms IS NOT NULL AND until_ms <= ?");
    this.#count = db.prepare("SELECT count(*) AS n FROM mutes");
  }

  /** Keep a mute; throws RangeError when it names nothing or MAX_MUTES are kept. */
  add(mute: NewMute): StoredMute {
    if (mute.rule === undefined && mute.subject === undefined && mute.pair === undefined) {
      throw new RangeError("Cannot add a mute: name a rule, a subject or a pair");
    }
    this.#prune.run(mute.createdMs);
    if ((this.#count.get() as { n: number }).n >= MAX_MUTES) {
      throw new RangeError(`Cannot add a mute: ${MAX_MUTES} are kept already; remove some first`);
    }
    const { id } = this.#insert.get(
      mute.rule ?? null,
      mute.subject ?? null,
      mute.pair?.client ?? null,
      mute.pair?.server ?? null,
      mute.createdMs,
      mute.untilMs,
      mute.note,
    ) as { id: number };
    return { id, ...mute };
  }

  remove(id: number): boolean {
    return this.#delete.run(id).changes > 0;
  }

  /** Mutes in force at `nowMs`, oldest first. */
  active(nowMs: number): StoredMute[] {
    return (this.#active.all(nowMs) as unknown as MuteRow[]).map(fromRow);
  }
}

function fromRow(row: MuteRow): StoredMute {
  const mute: StoredMute = {
    id: row.id,
    untilMs: row.until_ms,
    createdMs: row.created_ms,
    note: row.note,
  };
  if (row.rule !== null) mute.rule = row.rule;
  if (row.subject_key !== null) mute.subject = row.subject_key;
  if (row.pair_client !== null && row.pair_server !== null) {
    mute.pair = { client: row.pair_client, server: row.pair_server };
  }
  return mute;
}
