/**
 * The history side of a served run: the config file, the database, the alert recorder, the
 * notifier and its outbox pump, and the timers that keep the minute series, hourly talkers and
 * retention. Opened before the alert monitor (which continues the database's numbering and
 * honours its mutes), closed when serving ends.
 */
import type { AlertSink } from "../alerts/alert_sink.ts";
import type { MuteList } from "../alerts/mute_list.ts";
import type { AnomalyModel } from "../alerts/anomaly/anomaly_detector.ts";
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
/** The anomaly model's name in the database. */
export const ANOMALY_MODEL = "anomaly";

/** What of the anomaly detector the history needs: its model out, a kept model in. */
export interface ModelHolder {
  model(): AnomalyModel | null;
  load(model: AnomalyModel): void;
}
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
  #model: ModelHolder | undefined;
  #modelSavedMs = -1;
  #hourMs = 0;

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
   * Start from the kept anomaly model, if there is one and it fits; keep each new one the
   * detector trains (checked once a minute, and at close). A model that does not fit (trained on
   * other features by another version) is left aside and the detector learns anew.
   */
  keepModel(detector: ModelHolder): void {
    this.#model = detector;
    const kept = this.history.models.loadText(ANOMALY_MODEL);
    if (kept === undefined) return;
    try {
      const model = JSON.parse(kept) as AnomalyModel;
      detector.load(model);
      this.#modelSavedMs = model.trainedMs;
    } catch (error) {
      console.error(
        `wirescope: not using the kept anomaly model: ${
          error instanceof Error ? error.message : error
        }`,
      );
    }
  }

  /**
   * Start sending, and once a minute keep (live) the minute series and hourly talkers from the
   * engine's public reads, and a newly trained anomaly model; prune by retention once an hour.
   */
  start(
    live: boolean,
    stats: StatsSource,
    hosts: (rank: HostRank, limit: number) => HostRow[],
  ): void {
    this.pump?.start();
    this.history.prune(Date.now());
    this.#hourMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    this.#timers.push(setInterval(() => this.persist(Date.now(), live, stats, hosts), MINUTE_MS));
    this.#timers.push(setInterval(() => this.history.prune(Date.now()), HOUR_MS));
  }

  /** The once-a-minute keeping (see `start`), callable on its own. */
  persist(
    nowMs: number,
    live: boolean,
    stats: StatsSource,
    hosts: (rank: HostRank, limit: number) => HostRow[],
  ): void {
    if (live) {
      this.history.series.saveMinutes(stats.series("24h"), nowMs);
      if (nowMs - this.#hourMs >= HOUR_MS) {
        this.history.talkers.record(this.#hourMs, hosts("tx-bytes", TALKER_MEMORY));
        this.#hourMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
      }
    }
    this.#saveModel(nowMs);
  }

  #saveModel(nowMs: number): void {
    const model = this.#model?.model();
    if (!model || model.trainedMs === this.#modelSavedMs) return;
    this.history.models.save(ANOMALY_MODEL, JSON.stringify(model), nowMs);
    this.#modelSavedMs = model.trainedMs;
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
    this.#saveModel(Date.now());
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
