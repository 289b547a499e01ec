/**
 * The history database: one SQLite file through `node:sqlite` (built into Deno), in WAL mode,
 * brought to the newest schema by `migrate()` when opened.
 *
 * WAL with `synchronous = NORMAL`: a committed transaction is in the WAL file before `COMMIT`
 * returns, so a killed process (SIGKILL, OOM) loses nothing committed; only a power cut can lose
 * the last transactions, which is the trade SQLite documents for WAL and what keeps each commit
 * off the disk's flush path. `":memory:"` (used for `--no-db`) gives the same tables in memory.
 */
import { DatabaseSync } from "node:sqlite";
import { migrate } from "./migrations.ts";

/** How long a writer waits for another connection's lock before failing (ms). */
const BUSY_TIMEOUT_MS = 5000;

export class StoreError extends Error {
  override name = "StoreError";
}

/** Open (creating folders and file as needed) and migrate the database at `path`. */
export function openDatabase(path: string): DatabaseSync {
  if (path !== ":memory:") {
    const folder = path.replace(/[/\\][^/\\]*$/, "");
    if (folder !== path && folder !== "") {
      try {
        Deno.mkdirSync(folder, { recursive: true, mode: 0o700 });
      } catch (error) {
        throw new StoreError(`Cannot create folder "${folder}" for --db: ${reason(error)}`, {
          cause: error,
        });
      }
    }
  }
  if (path !== ":memory:") createPrivately(path);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path);
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Before the first table exists, so freed pages can be handed back by pruning.
    db.exec("PRAGMA auto_vacuum = INCREMENTAL");
    if (path !== ":memory:") db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    migrate(db);
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError(`Cannot open database "${path}": ${reason(error)}`, { cause: error });
  }
  return db;
}

/**
 * The per-user default: `$XDG_STATE_HOME/wirescope/history.db`, else
 * `~/.local/state/wirescope/history.db` (the XDG Base Directory default for state).
 */
export function defaultDatabasePath(env: (name: string) => string | undefined): string {
  const state = env("XDG_STATE_HOME");
  if (state && state.startsWith("/")) return `${state}/wirescope/history.db`;
  const home = env("HOME") ?? env("USERPROFILE");
  if (!home) throw new StoreError("Cannot find a home folder for the database: set --db PATH");
  return `${home}/.local/state/wirescope/history.db`;
}

/** Run `work` in one transaction: all of it is committed, or none. */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = work();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

/**
 * A new database file is made readable by its owner only: it names the hosts of the network and
 * what they did. SQLite gives its -wal and -shm files the database file's permissions.
 */
function createPrivately(path: string): void {
  try {
    Deno.writeFileSync(path, new Uint8Array(), { createNew: true, mode: 0o600 });
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return;
    throw new StoreError(`Cannot create database "${path}": ${reason(error)}`, { cause: error });
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
