/**
 * The alert list of a run without a database (`--no-db`, and every file report): the newest
 * alerts in memory, bounded.
 */
import type { Alert } from "./alert.ts";
import type { AlertSink } from "./alert_sink.ts";

/**
 * Alerts kept: the engine's folding and rate limit keep a day of a noisy link well under it,
 * and at ~1 KB an alert it is ~2 MB at most.
 */
export const MEMORY_ALERTS_CAP = 2000;

export class MemoryAlertSink implements AlertSink {
  readonly capacity: number;
  /** Alerts pushed out by newer ones. */
  dropped = 0;
  readonly #byId = new Map<number, Alert>();

  constructor(capacity = MEMORY_ALERTS_CAP) {
    this.capacity = capacity;
  }

  raise(alert: Alert): void {
    this.#byId.set(alert.id, alert);
    if (this.#byId.size > this.capacity) {
      const oldest = this.#byId.keys().next().value!;
      this.#byId.delete(oldest);
      this.dropped++;
    }
  }

  update(alert: Alert): void {
    if (this.#byId.has(alert.id)) this.#byId.set(alert.id, alert);
  }

  /** The alerts kept, oldest first (copies: a reader cannot change them). */
  list(): Alert[] {
    return [...this.#byId.values()].map((a) => structuredClone(a));
  }

  get(id: number): Alert | undefined {
    const alert = this.#byId.get(id);
    return alert ? structuredClone(alert) : undefined;
  }
}
