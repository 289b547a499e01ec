/**
 * Keeping the history database bounded: rows older than the retention period go, and while the
 * file is still over its size budget the oldest alerts, minutes and talker hours go in slices.
 * Freed pages are handed back (incremental vacuum) and the WAL truncated, so the file on disk
 * shrinks too.
 */
import type { DatabaseSync } from "node:sqlite";

/** Default retention: a month of alerts and traffic history. */
export const DEFAULT_RETENTION_DAYS = 30;
/** Default size budget: small next to any disk, large enough for a month of a busy link. */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
/** Alerts kept at most, whatever their age: the list a person can still page through. */
export const MAX_ALERT_ROWS = 100_000;
/** Share of the oldest rows removed per pass while over the size budget. */
const SLICE = 0.1;
/** Passes at most per prune: each removes a tenth, so 40 passes leave under 2% of the rows. */
const MAX_PASSES = 40;
const DAY_MS = 86_400_000;

export interface RetentionPolicy {
  days: number;
  maxBytes: number;
  /** Alerts kept at most (default MAX_ALERT_ROWS). */
  maxAlerts?: number;
}

export interface PruneResult {
  deletedRows: number;
  bytesBefore: number;
  bytesAfter: number;
}

/** Bytes the database's live pages take (not counting free pages or the WAL). */
export function usedBytes(db: DatabaseSync): number {
  const pages = (db.prepare("PRAGMA page_count").get() as { page_count: number }).page_count;
  const free = (db.prepare("PRAGMA freelist_count").get() as { freelist_count: number })
    .freelist_count;
  const size = (db.prepare("PRAGMA page_size").get() as { page_size: number }).page_size;
  return (pages - free) * size;
}

export function prune(db: DatabaseSync, policy: RetentionPolicy, nowMs: number): PruneResult {
  const bytesBefore = usedBytes(db);
  const cutoff = nowMs - policy.days * DAY_MS;
  let deleted = 0;
  const run = (sql: string, ...params: number[]) => {
    deleted += Number(db.prepare(sql).run(...params).changes);
  };
  run("DELETE FROM alerts WHERE last_seen_ms < ?", cutoff);
  run("DELETE FROM series_minutes WHERE start_ms < ?", cutoff);
  run("DELETE FROM hourly_talkers WHERE hour_ms < ?", cutoff);
  run("DELETE FROM mutes WHERE until_ms IS NOT NULL AND until_ms <= ?", nowMs);
  run(
    "DELETE FROM alerts WHERE id <= (SELECT id FROM alerts ORDER BY id DESC LIMIT 1 OFFSET ?)",
    policy.maxAlerts ?? MAX_ALERT_ROWS,
  );
  for (let pass = 0; pass < MAX_PASSES && usedBytes(db) > policy.maxBytes; pass++) {
    const before = deleted;
    for (
      const [table, order] of [
        ["alerts", "id"],
        ["series_minutes", "start_ms"],
        ["hourly_talkers", "hour_ms"],
      ] as const
    ) {
      const rows = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const slice = Math.ceil(rows * SLICE);
      if (slice > 0) {
        run(
          `DELETE FROM ${table} WHERE rowid IN
             (SELECT rowid FROM ${table} ORDER BY ${order} LIMIT ?)`,
          slice,
        );
      }
    }
    // Stepped to the end: exec() stops this pragma after its first page.
    db.prepare("PRAGMA incremental_vacuum").all();
    if (deleted === before) break;
  }
  db.prepare("PRAGMA incremental_vacuum").all();
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return { deletedRows: deleted, bytesBefore, bytesAfter: usedBytes(db) };
}
