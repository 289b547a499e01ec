/**
 * Named opaque blobs in the history database: the anomaly model (serialised by the alert engine,
 * which alone knows its shape), so a restart does not relearn from zero.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";

/** Largest model kept: an Isolation Forest of 100 trees over 256 samples is far below this. */
export const MAX_MODEL_BYTES = 16 * 1024 * 1024;

export interface StoredModel {
  updatedMs: number;
  data: Uint8Array;
}

export class ModelStore {
  readonly #put: StatementSync;
  readonly #get: StatementSync;

  constructor(db: DatabaseSync) {
    this.#put = db.prepare(
      `INSERT INTO models (name, updated_ms, data) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET updated_ms = excluded.updated_ms, data = excluded.data`,
    );
    this.#get = db.prepare("SELECT updated_ms, data FROM models WHERE name = ?");
  }

  /** Keep `data` (bytes, or text such as JSON) under `name`, replacing the previous one. */
  save(name: string, data: Uint8Array | string, nowMs: number): void {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    if (bytes.length > MAX_MODEL_BYTES) {
      throw new RangeError(
        `Cannot keep model "${name}": ${bytes.length} bytes, more than ${MAX_MODEL_BYTES}`,
      );
    }
    this.#put.run(name, nowMs, bytes);
  }

  load(name: string): StoredModel | undefined {
    const row = this.#get.get(name) as { updated_ms: number; data: Uint8Array } | undefined;
    return row ? { updatedMs: row.updated_ms, data: row.data } : undefined;
  }

  /** The model as text (for JSON models), or undefined. */
  loadText(name: string): string | undefined {
    const model = this.load(name);
    return model ? new TextDecoder().decode(model.data) : undefined;
  }
}
