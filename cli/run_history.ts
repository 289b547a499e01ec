/**
 * The history side of a served run: the config file, the database, the alert recorder, the
 * notifier and its outbox pump, and the timers that keep the minute series, hourly talkers and
 * retention. Opened before the alert monitor (which continues the database's numbering and
 * honours its mutes), closed when serving ends.
 */
import type { AlertSink } from "../alerts/alert_sink.ts";
import type { MuteList } from "../alerts/mute_list.ts";
import { defaultDatabasePath, StoreError } from "../store/database.ts";
import { History } from "../store/history.ts";
import { AlertRecorder } from "../store/alert_recorder.ts";
import { TALKER_MEMORY } from "../store/talker_store.ts";
import type { StoredMute } from "../store/mute_store.ts";
import { Notifier } from "../notify/notifier.ts";
import { OutboxPump } from "../notify/outbox_pump.ts";
import { senderFor } from "../notify/senders.ts";
import type { WirescopeConfig } from "../config/config_file.ts";
import type { StatsSource } from "../server/stats_source.ts";
import type { HostRank, HostRow } from "../stats/host_table.ts";
import type { Options } from "./options.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Where history goes: `--no-db`, `--db`, the config's `[database]`, then the default. */
export function databasePathFor(
  options: Options,
  config: WirescopeConfig | undefined,
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): string {
  if (options.noDb || config?.database.enabled === false) return ":memory:";
  return options.db ?? config?.database.path ?? defaultDatabasePath(env);
}

export interface RunHistoryOptions {
  options: Options;
  config: WirescopeConfig | undefined;
  /** Notifications go out for live captures only: a file's alerts are history, not news. */
  notify: boolean;
}

export class RunHistory {
  readonly history: History;
  readonly recorder: AlertRecorder;
  readonly notifier: Notifier | undefined;
  readonly pump: OutboxPump | undefined;
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  readonly #ready: Promise<unknown>;

  constructor({ options, config, notify }: RunHistoryOptions) {
    const path = databasePathFor(options, config);
    try {
      this.history = new History({
        path,
        retention: {
          ...(config?.database.retentionDays ? { days: config.database.retentionDays } : {}),
          ...(config?.database.maxBytes ? { maxBytes: config.database.maxBytes } : {}),
        },
        ...(config?.notify.outboxMax ? { maxOutbox: config.notify.outboxMax } : {}),
      });
    } catch (error) {
      if (error instanceof StoreError) throw new Error(`${error.message}; or run with --no-db`);
      throw error;
    }
    this.recorder = new AlertRecorder(this.history.alerts);
    const channels = config?.notify.channels ?? [];
    const senders = notify ? channels.map((c) => [c.name, senderFor(c)] as const) : [];
    this.#ready = Promise.all(senders.map(([, sender]) => sender.ready));
    if (senders.length > 0) {
      this.pump = new OutboxPump({
        outbox: this.history.outbox,
        senders: new Map(senders),
        ...(config?.notify.giveUpAfterMs ? { giveUpAfterMs: config.notify.giveUpAfterMs } : {}),
      });
      this.notifier = new Notifier({
        channels,
        outbox: this.history.outbox,
        ...(config?.notify.digestWindowMs !== undefined
          ? { digestWindowMs: config.notify.digestWindowMs }
          : {}),
        onQueued: () => this.pump?.pump(),
      });
      this.recorder.add(this.notifier);
    }
  }

  /**
   * Resolves once every channel's code is loaded: before the process gives up its privileges,
   * which may leave its module cache unreadable.
   */
  ready(): Promise<unknown> {
    return this.#ready;
  }

  /** The id the alert engine should number from, so its ids match the database's. */
  firstAlertId(): number {
    return this.history.alerts.nextId();
  }

  /** What the alert engine should send alerts to. */
  sinks(): AlertSink[] {
    return [this.recorder];
  }

  /** Put the kept mutes into the engine's list (a restart stays as quiet as before). */
  restoreMutes(list: MuteList, nowMs: number): void {
    for (const mute of this.history.mutes.active(nowMs)) addToList(list, mute);
  }

  /** A mute made through the API, for the engine's list. */
  static muteHandler(list: MuteList): (mute: StoredMute) => void {
    return (mute) => addToList(list, mute);
  }

  /**
   * Start sending, and (live) keep the minute series and hourly talkers from the engine's public
   * reads; prune by retention once an hour.
   */
  start(
    live: boolean,
    stats: StatsSource,
    hosts: (rank: HostRank, limit: number) => HostRow[],
  ): void {
    this.pump?.start();
    this.history.prune(Date.now());
    if (live) {
      let hour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
      this.#timers.push(setInterval(() => {
        const now = Date.now();
        this.history.series.saveMinutes(stats.series("24h"), now);
        if (now - hour >= HOUR_MS) {
          this.history.talkers.record(hour, hosts("tx-bytes", TALKER_MEMORY));
          hour = Math.floor(now / HOUR_MS) * HOUR_MS;
        }
      }, MINUTE_MS));
    }
    this.#timers.push(setInterval(() => this.history.prune(Date.now()), HOUR_MS));
  }

  /** The stats source whose 24 h series shows earlier runs' minutes where this run has none. */
  withSeriesHistory(stats: StatsSource): StatsSource {
    const series = this.history.series;
    return {
      snapshot: () => stats.snapshot(),
      flows: (query) => stats.flows(query),
      packets: (query) => stats.packets(query),
      series: (window) => series.withHistory(stats.series(window)),
    };
  }

  /** Stop timers, queue pending digests, give sends in flight a moment, close the file. */
  async close(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.notifier?.flushAll();
    this.pump?.pump();
    this.pump?.stop();
    await Promise.race([this.pump?.settled(), new Promise((r) => setTimeout(r, 2000))]);
    this.history.close();
  }
}

function addToList(list: MuteList, mute: StoredMute): void {
  list.add({
    ...(mute.rule !== undefined ? { rule: mute.rule } : {}),
    ...(mute.subject !== undefined ? { subject: mute.subject } : {}),
    ...(mute.pair !== undefined ? { pair: mute.pair } : {}),
    untilMs: mute.untilMs,
  });
}
