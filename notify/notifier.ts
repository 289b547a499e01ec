/**
 * Turns raised alerts into outbox messages, per channel: only alerts at or above the channel's
 * minimum severity; the first alert goes out at once, and alerts that follow within the digest
 * window are gathered into one digest when it closes, so a burst is one message, not fifty.
 * Folds of an alert already sent (`update`) send nothing: one alert, one message.
 */
import { type Alert, atLeast } from "../alerts/alert.ts";
import type { AlertSink } from "../alerts/alert_sink.ts";
import type { OutboxStore } from "../store/outbox_store.ts";
import type { Channel } from "./channel.ts";
import { emailMessage } from "./email_message.ts";
import { webhookBody } from "./webhook_body.ts";

/** Default digest window: a burst within a minute of a message becomes one digest. */
export const DEFAULT_DIGEST_WINDOW_MS = 60_000;
/** Alerts listed in one digest at most; more are counted, not listed. */
export const MAX_DIGEST_ALERTS = 100;

export interface NotifierOptions {
  channels: readonly Channel[];
  outbox: OutboxStore;
  now?: () => number;
  digestWindowMs?: number;
  /** Called after a message is queued (the pump sends it at once). */
  onQueued?: () => void;
}

interface ChannelState {
  channel: Channel;
  lastSentMs: number;
  pending: Alert[];
  omitted: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class Notifier implements AlertSink {
  readonly #states: ChannelState[];
  readonly #outbox: OutboxStore;
  readonly #now: () => number;
  readonly #windowMs: number;
  readonly #onQueued: () => void;

  constructor(options: NotifierOptions) {
    this.#states = options.channels.map((channel) => ({
      channel,
      lastSentMs: -Infinity,
      pending: [],
      omitted: 0,
      timer: undefined,
    }));
    this.#outbox = options.outbox;
    this.#now = options.now ?? Date.now;
    this.#windowMs = options.digestWindowMs ?? DEFAULT_DIGEST_WINDOW_MS;
    this.#onQueued = options.onQueued ?? (() => {});
  }

  raise(alert: Alert): void {
    for (const state of this.#states) {
      if (!atLeast(alert.severity, state.channel.minSeverity)) continue;
      const now = this.#now();
      if (state.timer === undefined && now - state.lastSentMs >= this.#windowMs) {
        this.#queue(state, [alert], 0);
        continue;
      }
      if (state.pending.length < MAX_DIGEST_ALERTS) state.pending.push(alert);
      else state.omitted++;
      state.timer ??= setTimeout(
        () => this.#flush(state),
        Math.max(0, state.lastSentMs + this.#windowMs - now),
      );
    }
  }

  update(_alert: Alert): void {}

  /** Queue every pending digest now (shutdown) and stop the timers. */
  flushAll(): void {
    for (const state of this.#states) this.#flush(state);
  }

  #flush(state: ChannelState): void {
    clearTimeout(state.timer);
    state.timer = undefined;
    if (state.pending.length === 0) return;
    const alerts = state.pending;
    const omitted = state.omitted;
    state.pending = [];
    state.omitted = 0;
    this.#queue(state, alerts, omitted);
  }

  #queue(state: ChannelState, alerts: Alert[], omitted: number): void {
    const channel = state.channel;
    const body = channel.kind === "webhook"
      ? webhookBody(channel.format, alerts, omitted)
      : JSON.stringify(emailMessage(alerts, omitted));
    state.lastSentMs = this.#now();
    this.#outbox.enqueue(channel.name, body, state.lastSentMs);
    this.#onQueued();
  }
}
