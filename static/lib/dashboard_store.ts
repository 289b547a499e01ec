/**
 * Everything the page knows, in one place the components subscribe to: the live state from the
 * event stream, the connection status, pause, the chart window and its longer history.
 *
 * Pausing freezes what is shown (a copy of the state at that moment) while the stream goes on
 * being applied underneath, so resuming shows the present at once without a reconnect.
 */

import type { SeriesData } from "../../stats/rate_series.ts";
import { LiveStream, type StreamStatus } from "./event_stream.ts";
import { fetchJson } from "./fetch_json.ts";
import {
  applyDelta,
  type DeltaEvent,
  LIVE_SERIES_BUCKETS,
  type LiveState,
  type SnapshotEvent,
  stateFromSnapshot,
} from "./live_state.ts";
import {
  DEFAULT_WINDOW,
  type TimeWindow,
  timeWindow,
  wholeCaptureWindow,
  type WindowId,
} from "./time_windows.ts";
import type { PageStats } from "./page_stats.ts";
import { UpdateTimer } from "./update_timer.ts";
import { AlertsStore } from "./alerts_store.ts";
import type { Alert } from "../../alerts/alert.ts";

/** How often the 24 h chart (1 min buckets, not in the stream) is fetched again. */
const LONG_SERIES_REFRESH_MS = 30_000;
/** A live capture's minute ring on the server (MINUTE_SLOTS): its whole-capture limit. */
const LIVE_MINUTE_BUCKETS = 1440;

export interface ViewState {
  /** null until the first snapshot. */
  live: LiveState | null;
  stream: StreamStatus;
  paused: boolean;
  window: TimeWindow;
  /** The 24 h window's 1 min series, fetched on its own. */
  longSeries: SeriesData | null;
  /** Why the last history fetch failed, or null. */
  seriesError: string | null;
}

export class DashboardStore {
  readonly timer = new UpdateTimer();
  /** The alerts panel's state; fed by the same event stream. */
  readonly alerts = new AlertsStore();
  #live: LiveState | null = null;
  #frozen: LiveState | null = null;
  #stream: StreamStatus = { state: "connecting" };
  #window: TimeWindow = timeWindow(DEFAULT_WINDOW);
  /** The window the user picked; null until then (a file then shows its whole capture). */
  #chosen: WindowId | null = null;
  #longSeries: SeriesData | null = null;
  #seriesError: string | null = null;
  #listeners = new Set<() => void>();
  #source: LiveStream;
  #longTimer: ReturnType<typeof setInterval> | null = null;

  constructor(eventsUrl = "/events") {
    this.#source = new LiveStream(eventsUrl, {
      snapshot: (event, at) => this.#onSnapshot(event, at),
      delta: (event, at) => this.#onDelta(event, at),
      alert: (alert) => this.alerts.received(alert as Alert),
      status: (status) => {
        this.#stream = status;
        this.#notify();
      },
    });
  }

  get view(): ViewState {
    return {
      live: this.#frozen ?? this.#live,
      stream: this.#stream,
      paused: this.#frozen !== null,
      window: this.#window,
      longSeries: this.#longSeries,
      seriesError: this.#seriesError,
    };
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    this.#source.start();
    this.alerts.start();
  }

  /** Close the stream and timers (the page unmounts). */
  close(): void {
    this.#source.close();
    this.alerts.close();
    if (this.#longTimer !== null) clearInterval(this.#longTimer);
    this.#longTimer = null;
    this.#listeners.clear();
  }

  setPaused(paused: boolean): void {
    if (paused === (this.#frozen !== null)) return;
    this.#frozen = paused && this.#live ? structuredClone(this.#live) : null;
    this.#notify();
  }

  setWindow(id: WindowId): void {
    this.#chosen = id;
    this.#useWindow(this.#windowFor(id));
  }

  /** The window `id` means now: "all" follows the capture's span as it grows. */
  #windowFor(id: WindowId): TimeWindow {
    if (id !== "all") return timeWindow(id);
    const stats = this.#live?.stats;
    const file = stats?.meta.sourceKind === "file";
    return wholeCaptureWindow(
      stats ? captureSpanMs(stats) : 0,
      file ? undefined : LIVE_MINUTE_BUCKETS,
    );
  }

  /** Follow a whole-capture window as the capture grows (a file being read, a live capture). */
  #followSpan(): void {
    const id = this.#chosen ??
      (this.#live?.stats.meta.sourceKind === "file" ? "all" : DEFAULT_WINDOW);
    if (id !== "all" && this.#window.id === id) return;
    const next = this.#windowFor(id);
    const w = this.#window;
    if (next.id !== w.id || next.buckets !== w.buckets || next.resolutionMs !== w.resolutionMs) {
      this.#useWindow(next);
    }
  }

  #useWindow(window: TimeWindow): void {
    this.#window = window;
    if (this.#longTimer !== null) clearInterval(this.#longTimer);
    this.#longTimer = null;
    if (this.#window.resolutionMs !== 1000) {
      this.#longTimer = setInterval(() => {
        if (this.#frozen === null) void this.#loadHistory();
      }, LONG_SERIES_REFRESH_MS);
    }
    void this.#loadHistory();
    this.#notify();
  }

  /** Chart history to keep: the window, never less than the live 5 minutes. */
  #keepBuckets(): number {
    const w = this.#window;
    return w.resolutionMs === 1000 ? Math.max(w.buckets, LIVE_SERIES_BUCKETS) : LIVE_SERIES_BUCKETS;
  }

  /** The selected window's history, when the stream's 5 minutes do not cover it. */
  async #loadHistory(): Promise<void> {
    const w = this.#window;
    if (w.resolutionMs === 1000 && w.buckets <= LIVE_SERIES_BUCKETS) return;
    try {
      const series = await fetchJson<SeriesData>(`/api/series?window=${w.query}`);
      this.#seriesError = null;
      if (this.#window !== w) return;
      if (series.resolutionMs === 1000 && this.#live) this.#live.series = series;
      else this.#longSeries = series;
    } catch (error) {
      this.#seriesError = `Cannot load the ${w.label} history: ${(error as Error).message}`;
    }
    this.#notify();
  }

  #onSnapshot(event: SnapshotEvent, receivedMs: number): void {
    this.timer.begin(receivedMs);
    // Alert events sent while the page was away are not replayed: read the list again.
    void this.alerts.reload("alerts" in event.stats);
    this.#live = stateFromSnapshot(event);
    const before = this.#window;
    this.#followSpan();
    // A snapshot carries 5 minutes; a longer window needs its history again.
    if (
      this.#window === before &&
      (this.#window.buckets > LIVE_SERIES_BUCKETS || this.#window.resolutionMs !== 1000)
    ) {
      void this.#loadHistory();
    }
    this.#notify();
  }

  #onDelta(event: DeltaEvent, receivedMs: number): void {
    if (this.#live === null) return;
    applyDelta(this.#live, event, this.#keepBuckets());
    this.#followSpan();
    // While paused nothing on screen changes: no render, no timing sample.
    if (this.#frozen !== null) return;
    this.timer.begin(receivedMs);
    this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}

/** How long the capture has lasted: a file from its first packet to its last, live until now. */
export function captureSpanMs(stats: PageStats): number {
  if (stats.clock === "wall" && stats.startedMs !== null) {
    return Math.max(0, stats.generatedMs - stats.startedMs);
  }
  return stats.durationMs;
}
