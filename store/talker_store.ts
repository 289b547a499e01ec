/**
 * Hourly top talkers in the history database. The engine's host table counts since the capture
 * started; once an hour `record()` takes its top hosts and keeps each one's growth since the
 * previous hour, so each row says what that host sent in that hour.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { HostRow } from "../stats/host_table.ts";

/** Talkers kept per hour. */
export const TALKERS_PER_HOUR = 10;
/**
 * Hosts remembered between hours to compute growth: ten times the kept list, so a host climbing
 * into the top ten was almost always seen the hour before (one that was not counts its total).
 */
export const TALKER_MEMORY = 100;

export interface HourlyTalker {
  hourMs: number;
  ip: string;
  packets: number;
  bytes: number;
}

export class TalkerStore {
  readonly #db: DatabaseSync;
  readonly #put: StatementSync;
  readonly #since: StatementSync;
  #previous = new Map<string, { packets: number; bytes: number }>();

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#put = db.prepare(
      `INSERT INTO hourly_talkers (hour_ms, ip, packets, bytes) VALUES (?, ?, ?, ?)
       ON CONFLICT (hour_ms, ip) DO UPDATE SET packets = excluded.packets, bytes = excluded.bytes`,
    );
    this.#since = db.prepare(
      "SELECT * FROM hourly_talkers WHERE hour_ms >= ? ORDER BY hour_ms, bytes DESC",
    );
  }

  /** Keep the hour starting at `hourMs` from `hosts` (up to TALKER_MEMORY, by bytes sent). */
  record(hourMs: number, hosts: readonly HostRow[]): HourlyTalker[] {
    const next = new Map<string, { packets: number; bytes: number }>();
    const grown: HourlyTalker[] = [];
    for (const host of hosts.slice(0, TALKER_MEMORY)) {
      const before = this.#previous.get(host.ip);
      next.set(host.ip, { packets: host.txPackets, bytes: host.txBytes });
      const packets = host.txPackets - (before?.packets ?? 0);
      const bytes = host.txBytes - (before?.bytes ?? 0);
      if (bytes > 0) grown.push({ hourMs, ip: host.ip, packets, bytes });
    }
    this.#previous = next;
    grown.sort((a, b) => b.bytes - a.bytes);
    const kept = grown.slice(0, TALKERS_PER_HOUR);
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      for (const t of kept) this.#put.run(t.hourMs, t.ip, t.packets, t.bytes);
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
    return kept;
  }

  since(sinceMs: number): HourlyTalker[] {
    return (this.#since.all(sinceMs) as unknown as {
      hour_ms: number;
      ip: string;
      packets: number;
      bytes: number;
    }[]).map((r) => ({ hourMs: r.hour_ms, ip: r.ip, packets: r.packets, bytes: r.bytes }));
  }
}
