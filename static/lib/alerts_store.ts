/**
 * The alerts panel's state: the newest alerts (`/api/alerts`), the summary (counts per severity,
 * mutes, notification counts), and the actions (acknowledge, mute, create). Alerts arrive live as
 * `alert` events on the page's event stream; after a reconnect (a snapshot) the list is read again,
 * since events sent while the page was away are not replayed.
 */
import type { Alert, Severity } from "../../alerts/alert.ts";
import type { AlertSummary } from "../../wire/alert_summary.ts";
import { fetchJson } from "./fetch_json.ts";

/** Alerts the panel holds: a screenful of pages; Export has the whole history. */
export const PANEL_ALERTS = 200;
/** The summary (notification counts) is read again at least this often. */
const SUMMARY_REFRESH_MS = 10_000;
/** Live events within this are answered with one summary read. */
const SUMMARY_DEBOUNCE_MS = 300;

export type MuteScope = "rule" | "subject" | "rule_subject" | "pair";

export interface AlertsView {
  alerts: Alert[];
  summary: AlertSummary | null;
  /** False when the server has no alert history (an older server): the panel hides. */
  available: boolean;
  /** The last failed action or read, shown under the panel. */
  error: string | null;
}

export interface NewAlertInput {
  severity: Severity;
  subject: string;
  message: string;
}

export class AlertsStore {
  #alerts: Alert[] = [];
  #summary: AlertSummary | null = null;
  #available = true;
  #error: string | null = null;
  #listeners = new Set<() => void>();
  #summaryTimer: ReturnType<typeof setTimeout> | null = null;
  #refresh: ReturnType<typeof setInterval> | null = null;

  get view(): AlertsView {
    return {
      alerts: this.#alerts,
      summary: this.#summary,
      available: this.#available,
      error: this.#error,
    };
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Keep the summary fresh; the list is read on each stream snapshot (see DashboardStore). */
  start(): void {
    this.#refresh ??= setInterval(() => void this.#readSummary(), SUMMARY_REFRESH_MS);
  }

  close(): void {
    if (this.#refresh !== null) clearInterval(this.#refresh);
    if (this.#summaryTimer !== null) clearTimeout(this.#summaryTimer);
    this.#refresh = null;
    this.#listeners.clear();
  }

  /**
   * Read the list and the summary again (start, and after the stream reconnects). `offered`:
   * the server's document carries alerts; a server that runs no detectors (`--no-alerts`, or one
   * serving no alert routes) is not asked, so the page logs no 404 for a panel it will not show.
   */
  async reload(offered = true): Promise<void> {
    if (!offered) {
      if (this.#available) {
        this.#available = false;
        this.#notify();
      }
      return;
    }
    try {
      const { alerts } = await fetchJson<{ alerts: Alert[] }>(`/api/alerts?limit=${PANEL_ALERTS}`);
      this.#alerts = alerts;
      this.#available = true;
      await this.#readSummary();
    } catch (error) {
      // 404: this server keeps no alert history; the panel stays hidden.
      if (String(error).includes("no such endpoint")) this.#available = false;
      else this.#error = message(error);
      this.#notify();
    }
  }

  /** A new or changed alert from the event stream. */
  received(alert: Alert): void {
    const i = this.#alerts.findIndex((a) => a.id === alert.id);
    if (i >= 0) this.#alerts = this.#alerts.with(i, alert);
    else this.#alerts = [alert, ...this.#alerts].slice(0, PANEL_ALERTS);
    this.#notify();
    if (this.#summaryTimer === null) {
      this.#summaryTimer = setTimeout(() => {
        this.#summaryTimer = null;
        void this.#readSummary();
      }, SUMMARY_DEBOUNCE_MS);
    }
  }

  acknowledge(id: number, acknowledged: boolean): Promise<void> {
    return this.#write(`/api/alerts/${id}`, "PATCH", { acknowledged });
  }

  /** Mute what alert `id` is about, for `minutes` (null: for good). */
  mute(id: number, scope: MuteScope, minutes: number | null): Promise<void> {
    return this.#write(`/api/alerts/${id}`, "PATCH", { mute: { scope, minutes } });
  }

  create(input: NewAlertInput): Promise<void> {
    return this.#write("/api/alerts", "POST", input);
  }

  async #write(path: string, method: string, body: unknown): Promise<void> {
    try {
      const response = await fetch(path, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => null);
      if (!response.ok) {
        throw new Error(answer?.error?.message ?? `${path} answered ${response.status}`);
      }
      this.#error = null;
      if (answer?.alert) this.received(answer.alert as Alert);
      else await this.#readSummary();
      if (answer?.mute) await this.#readSummary();
    } catch (error) {
      this.#error = message(error);
      this.#notify();
    }
  }

  async #readSummary(): Promise<void> {
    if (!this.#available) return;
    try {
      this.#summary = await fetchJson<AlertSummary>("/api/alerts/summary");
    } catch (error) {
      this.#error = message(error);
    }
    this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
