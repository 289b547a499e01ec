/**
 * What the alert routes need from the rest of the program, as one interface: reading history,
 * making an alert by hand, acknowledging and muting. `HistoryAlertDesk` is the implementation over
 * the history database; routes are tested against it with an in-memory database.
 */
import type { Alert } from "../alerts/alert.ts";
import type { AlertRecorder } from "../store/alert_recorder.ts";
import type { AlertFilter, NewAlert } from "../store/alert_store.ts";
import type { History } from "../store/history.ts";
import type { StoredMute } from "../store/mute_store.ts";
import type { AlertSummary } from "../wire/alert_summary.ts";

/** What a mute made from an alert silences. */
export const MUTE_SCOPES = ["rule", "subject", "rule_subject", "pair"] as const;
export type MuteScope = typeof MUTE_SCOPES[number];

export interface AlertDesk {
  list(filter: AlertFilter): Alert[];
  get(id: number): Alert | undefined;
  create(alert: NewAlert): Alert;
  /** Undefined when there is no such alert. */
  acknowledge(id: number, acknowledged: boolean): Alert | undefined;
  /** Throws RangeError for a scope the alert cannot have (a pair mute of a host alert). */
  mute(id: number, scope: MuteScope, untilMs: number | null, note: string): StoredMute | undefined;
  summary(): AlertSummary;
  /** Epoch ms, wall clock. */
  now(): number;
}

export interface HistoryAlertDeskOptions {
  history: History;
  recorder: AlertRecorder;
  /** Hands a new mute to the running alert engine. */
  onMute?: (mute: StoredMute) => void;
  now?: () => number;
}

export class HistoryAlertDesk implements AlertDesk {
  readonly #history: History;
  readonly #recorder: AlertRecorder;
  readonly #onMute: (mute: StoredMute) => void;
  readonly #now: () => number;

  constructor(options: HistoryAlertDeskOptions) {
    this.#history = options.history;
    this.#recorder = options.recorder;
    this.#onMute = options.onMute ?? (() => {});
    this.#now = options.now ?? Date.now;
  }

  now(): number {
    return this.#now();
  }

  list(filter: AlertFilter): Alert[] {
    return this.#history.alerts.list(filter);
  }

  get(id: number): Alert | undefined {
    return this.#history.alerts.get(id);
  }

  create(alert: NewAlert): Alert {
    return this.#recorder.record(alert);
  }

  acknowledge(id: number, acknowledged: boolean): Alert | undefined {
    const alert = this.#history.alerts.acknowledge(id, acknowledged ? this.#now() : null);
    if (alert) this.#recorder.changed(alert);
    return alert;
  }

  mute(id: number, scope: MuteScope, untilMs: number | null, note: string): StoredMute | undefined {
    const alert = this.#history.alerts.get(id);
    if (!alert) return undefined;
    const base = { untilMs, createdMs: this.#now(), note };
    let mute: StoredMute;
    switch (scope) {
      case "rule":
        mute = this.#history.mutes.add({ ...base, rule: alert.rule });
        break;
      case "subject":
        mute = this.#history.mutes.add({ ...base, subject: alert.subject.key });
        break;
      case "rule_subject":
        mute = this.#history.mutes.add({ ...base, rule: alert.rule, subject: alert.subject.key });
        break;
      case "pair": {
        const [client, server] = alert.subject.addresses;
        if (alert.subject.kind !== "pair" || client === undefined || server === undefined) {
          throw new RangeError(
            `Cannot mute alert ${id} by pair: its subject is a ${alert.subject.kind}, not a pair`,
          );
        }
        mute = this.#history.mutes.add({ ...base, pair: { client, server } });
        break;
      }
    }
    this.#onMute(mute);
    return mute;
  }

  summary(): AlertSummary {
    return {
      unacknowledged: this.#history.alerts.unacknowledgedCounts(),
      mutes: this.#history.mutes.active(this.#now()),
      notifications: this.#history.outbox.counts(),
      persistent: this.#history.persistent,
    };
  }
}
