/**
 * The 1-minute traffic series in the history database, so the dashboard's 24 h view survives a
 * restart. Written from the engine's public read (`series("24h")`) once a minute; read back by
 * `withHistory()`, which fills the minutes the running engine has not seen (before it started)
 * from what earlier runs kept.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { SERIES_FAMILIES, type SeriesData, type SeriesFamily } from "../stats/rate_series.ts";

const MINUTE_MS = 60_000;

export class SeriesStore {
  readonly #db: DatabaseSync;
  readonly #put: StatementSync;
  readonly #range: StatementSync;
  /** Newest minute already kept by this process: each minute is written once it is complete. */
  #savedUpToMs = -Infinity;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#put = db.prepare(
      `INSERT INTO series_minutes (start_ms, pps, bps) VALUES (?, ?, ?)
       ON CONFLICT (start_ms) DO UPDATE SET pps = excluded.pps, bps = excluded.bps`,
    );
    this.#range = db.prepare(
      "SELECT start_ms, pps, bps FROM series_minutes WHERE start_ms >= ? AND start_ms < ?",
    );
  }

  /**
   * Keep the complete minutes of `series` (a 1-minute window) not kept yet; quiet minutes are
   * skipped (an absent minute reads as zero). Returns how many minutes were written.
   */
  saveMinutes(series: SeriesData, nowMs: number): number {
    if (series.resolutionMs !== MINUTE_MS) {
      throw new RangeError(`Cannot keep a ${series.resolutionMs} ms series: expected 1 minute`);
    }
    let written = 0;
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      for (let i = 0; i < series.buckets; i++) {
        const start = series.startMs + i * MINUTE_MS;
        if (start <= this.#savedUpToMs || start + MINUTE_MS > nowMs) continue;
        if (series.pps.total[i] === 0) continue;
        const pps = SERIES_FAMILIES.map((f) => series.pps[f][i] ?? 0);
        const bps = SERIES_FAMILIES.map((f) => series.bps[f][i] ?? 0);
        this.#put.run(start, JSON.stringify(pps), JSON.stringify(bps));
        written++;
      }
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
    const lastComplete = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
    this.#savedUpToMs = Math.max(this.#savedUpToMs, lastComplete);
    return written;
  }

  /**
   * `live` (a 1-minute window) with every minute it shows as silent filled from the kept
   * history. Second-resolution windows are returned as they are.
   */
  withHistory(live: SeriesData): SeriesData {
    if (live.resolutionMs !== MINUTE_MS || live.buckets === 0) return live;
    const end = live.startMs + live.buckets * MINUTE_MS;
    const rows = this.#range.all(live.startMs, end) as unknown as {
      start_ms: number;
      pps: string;
      bps: string;
    }[];
    if (rows.length === 0) return live;
    const pps = copy(live.pps);
    const bps = copy(live.bps);
    for (const row of rows) {
      const i = (row.start_ms - live.startMs) / MINUTE_MS;
      if (!Number.isInteger(i) || pps.total[i] !== 0) continue;
      const keptPps = JSON.parse(row.pps) as number[];
      const keptBps = JSON.parse(row.bps) as number[];
      SERIES_FAMILIES.forEach((family, f) => {
        pps[family][i] = keptPps[f] ?? 0;
        bps[family][i] = keptBps[f] ?? 0;
      });
    }
    return { ...live, pps, bps };
  }
}

function copy(values: Record<SeriesFamily, number[]>): Record<SeriesFamily, number[]> {
  const out = {} as Record<SeriesFamily, number[]>;
  for (const family of SERIES_FAMILIES) out[family] = values[family].slice();
  return out;
}
