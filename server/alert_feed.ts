/**
 * Alerts to the page, live: every raised or changed alert goes out on the /events stream as an
 * `alert` event carrying the alert record, as soon as it is committed.
 */
import type { Alert } from "../alerts/alert.ts";
import type { AlertSink } from "../alerts/alert_sink.ts";
import type { SseHub } from "./sse_hub.ts";

export class AlertFeed implements AlertSink {
  readonly #hub: SseHub;

  constructor(hub: SseHub) {
    this.#hub = hub;
  }

  raise(alert: Alert): void {
    this.#hub.broadcast("alert", JSON.stringify(alert));
  }

  update(alert: Alert): void {
    this.#hub.broadcast("alert", JSON.stringify(alert));
  }
}
