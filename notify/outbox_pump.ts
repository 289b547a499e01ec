/**
 * Drains the notification outbox off the capture's path: a timer takes the messages that are
 * due, sends them concurrently (each bounded by its sender's timeout), and records the outcome.
 * A failure is retried with exponential backoff until the message is older than the give-up
 * time, then dropped and counted as failed (`outbox.counts().failed`).
 */
import type { OutboxStore } from "../store/outbox_store.ts";
import type { Sender } from "./senders.ts";

/** First retry after this; each further failure doubles it. */
export const BACKOFF_BASE_MS = 2_000;
/** Retries are at least this often, however many failures came before. */
export const BACKOFF_MAX_MS = 5 * 60_000;
/** A message still unsent this long after it was queued is given up: the news is stale. */
export const DEFAULT_GIVE_UP_AFTER_MS = 60 * 60_000;
/** How often the pump looks for due messages when nobody kicks it. */
const PUMP_INTERVAL_MS = 1_000;
/** Messages in flight at once: a few hanging receivers cannot hold back the others for long. */
const MAX_IN_FLIGHT = 8;

export interface OutboxPumpOptions {
  outbox: OutboxStore;
  /** The sender of each channel, by channel name. */
  senders: ReadonlyMap<string, Sender>;
  now?: () => number;
  giveUpAfterMs?: number;
  /** Told each failed attempt (already redacted); default: one line on stderr. */
  onFailure?: (channel: string, error: string, givenUp: boolean) => void;
}

export function backoffMs(failures: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1), BACKOFF_MAX_MS);
}

export class OutboxPump {
  readonly #options: OutboxPumpOptions;
  readonly #now: () => number;
  readonly #giveUpAfterMs: number;
  readonly #inFlight = new Map<number, Promise<void>>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: OutboxPumpOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#giveUpAfterMs = options.giveUpAfterMs ?? DEFAULT_GIVE_UP_AFTER_MS;
  }

  start(): void {
    this.#timer ??= setInterval(() => this.pump(), PUMP_INTERVAL_MS);
  }

  /** Send what is due now (also called right after a message is queued). */
  pump(): void {
    const room = MAX_IN_FLIGHT - this.#inFlight.size;
    if (room <= 0) return;
    const due = this.#options.outbox.due(this.#now(), room + this.#inFlight.size);
    for (const message of due) {
      if (this.#inFlight.has(message.id) || this.#inFlight.size >= MAX_IN_FLIGHT) continue;
      const send = this.#options.senders.get(message.channel);
      if (!send) {
        this.#options.outbox.giveUp(message.id, `no channel "${message.channel}" configured`);
        continue;
      }
      const attempt = send(message.body).then(
        () => this.#options.outbox.sent(message.id),
        (error) => {
          const text = error instanceof Error ? error.message : String(error);
          const failures = message.attempts + 1;
          const givenUp = this.#now() - message.createdMs >= this.#giveUpAfterMs;
          if (givenUp) {
            this.#options.outbox.giveUp(message.id, `${text}; gave up after ${failures} attempts`);
          } else {
            this.#options.outbox.retryLater(message.id, text, this.#now() + backoffMs(failures));
          }
          (this.#options.onFailure ?? logFailure)(message.channel, text, givenUp);
        },
      ).finally(() => this.#inFlight.delete(message.id));
      this.#inFlight.set(message.id, attempt);
    }
  }

  /** Wait for the attempts in flight (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight.values());
  }

  /** Stop the timer; attempts in flight finish on their own (each is bounded). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

function logFailure(_channel: string, error: string, givenUp: boolean): void {
  console.error(`wirescope: notification ${givenUp ? "given up" : "failed, will retry"}: ${error}`);
}
