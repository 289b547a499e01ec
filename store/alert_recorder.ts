/**
 * The alert engine's sink that writes first and tells others after: each alert is committed to
 * the database (which gives it its lasting id) before the page or a notification hears of it, so
 * nothing a person was shown or sent can be missing after a crash.
 *
 * The engine numbers alerts within one run; the database numbers them across runs and alerts made
 * by hand. The recorder maps one onto the other (bounded: the engine forgets old alerts too).
 */
import type { Alert } from "../alerts/alert.ts";
import type { AlertSink } from "../alerts/alert_sink.ts";
import type { AlertStore, NewAlert } from "./alert_store.ts";

/** Engine ids remembered: more than the engine keeps open for folding (4096 by default). */
export const MAX_MAPPED_IDS = 16_384;

export class AlertRecorder implements AlertSink {
  readonly #store: AlertStore;
  readonly #sinks: AlertSink[];
  /** Engine id -> stored id, oldest first. */
  readonly #ids = new Map<number, number>();

  constructor(store: AlertStore, sinks: AlertSink[] = []) {
    this.#store = store;
    this.#sinks = sinks;
  }

  /** Tell `sink` about every alert from now on (after it is committed). */
  add(sink: AlertSink): void {
    this.#sinks.push(sink);
  }

  raise(alert: Alert): void {
    const stored = this.record(withoutId(alert));
    this.#ids.set(alert.id, stored.id);
    if (this.#ids.size > MAX_MAPPED_IDS) this.#ids.delete(this.#ids.keys().next().value!);
  }

  update(alert: Alert): void {
    const id = this.#ids.get(alert.id);
    if (id === undefined) {
      // Mapped so long ago it was forgotten: keep it as a new record rather than lose it.
      this.raise(alert);
      return;
    }
    const stored = { ...structuredClone(alert), id };
    this.#store.update(stored);
    for (const sink of this.#sinks) sink.update(stored);
  }

  /** Keep a new alert (the engine's, or one made by hand) and tell the sinks. */
  record(alert: NewAlert): Alert {
    const stored = this.#store.create(structuredClone(alert));
    for (const sink of this.#sinks) sink.raise(stored);
    return stored;
  }

  /** Tell the sinks an alert changed outside the engine (acknowledged). */
  changed(alert: Alert): void {
    for (const sink of this.#sinks) sink.update(alert);
  }
}

function withoutId(alert: Alert): NewAlert {
  const { id: _id, ...rest } = alert;
  return rest;
}
