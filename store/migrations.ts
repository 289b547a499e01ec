/**
 * Versioned schema: migration N takes a database from `user_version` N-1 to N. Append new steps;
 * never edit one that has shipped (a user's file already ran it).
 */
import type { DatabaseSync } from "node:sqlite";

export const MIGRATIONS: readonly string[] = [
  // 1: alerts, mutes, the anomaly model, the notification outbox, the minute series and hourly
  // top talkers.
  `CREATE TABLE alerts (
     id INTEGER PRIMARY KEY,
     rule TEXT NOT NULL,
     severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
     origin TEXT NOT NULL,
     subject_kind TEXT NOT NULL,
     subject_key TEXT NOT NULL,
     subject_addresses TEXT NOT NULL,
     message TEXT NOT NULL,
     evidence TEXT NOT NULL,
     first_seen_ms INTEGER NOT NULL,
     last_seen_ms INTEGER NOT NULL,
     count INTEGER NOT NULL,
     acknowledged_ms INTEGER
   );
   CREATE INDEX alerts_last_seen ON alerts (last_seen_ms);
   CREATE INDEX alerts_rule_subject ON alerts (rule, subject_key);
   CREATE TABLE mutes (
     id INTEGER PRIMARY KEY,
     rule TEXT,
     subject_key TEXT,
     pair_client TEXT,
     pair_server TEXT,
     created_ms INTEGER NOT NULL,
     until_ms INTEGER,
     note TEXT NOT NULL DEFAULT ''
   );
   CREATE TABLE models (
     name TEXT PRIMARY KEY,
     updated_ms INTEGER NOT NULL,
     data BLOB NOT NULL
   );
   CREATE TABLE outbox (
     id INTEGER PRIMARY KEY,
     channel TEXT NOT NULL,
     body TEXT NOT NULL,
     created_ms INTEGER NOT NULL,
     next_attempt_ms INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT
   );
   CREATE INDEX outbox_due ON outbox (next_attempt_ms);
   CREATE TABLE series_minutes (
     start_ms INTEGER PRIMARY KEY,
     pps TEXT NOT NULL,
     bps TEXT NOT NULL
   );
   CREATE TABLE hourly_talkers (
     hour_ms INTEGER NOT NULL,
     ip TEXT NOT NULL,
     packets INTEGER NOT NULL,
     bytes INTEGER NOT NULL,
     PRIMARY KEY (hour_ms, ip)
   );
   CREATE TABLE counters (
     name TEXT PRIMARY KEY,
     value INTEGER NOT NULL
   );`,
];

/** Bring `db` to the newest version, one transaction per step. Refuses a newer file. */
export function migrate(db: DatabaseSync): number {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number };
  const current = row.user_version;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `the file has schema version ${current}, newer than this wirescope's ` +
        `${MIGRATIONS.length}; upgrade wirescope or use another --db`,
    );
  }
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(MIGRATIONS[version - 1]!);
      db.exec(`PRAGMA user_version = ${version}`);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  }
  return MIGRATIONS.length;
}
