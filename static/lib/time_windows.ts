/**
 * The timeline's window selector: how far back the charts reach, and at what resolution.
 * "Whole capture" fits the window to the capture's own span (the default for a file, whose
 * packets all lie in the past); a file may also be viewed over days (the server keeps 30 days
 * of minutes for files, one day live).
 */

export type WindowId = "all" | "1m" | "5m" | "15m" | "1h" | "24h" | "7d" | "30d";

export interface TimeWindow {
  id: WindowId;
  label: string;
  /** Buckets shown. */
  buckets: number;
  /** Bucket width the server gives for this window (server/README.md, /api/series). */
  resolutionMs: number;
  /** The `window` parameter of /api/series. */
  query: string;
}

/** The 1 s ring's length on the server (SECOND_SLOTS): longer spans come in minutes. */
const SECOND_BUCKETS = 3600;
/** The minute ring of a file on the server (FILE_MINUTE_SLOTS). */
export const FILE_MINUTE_BUCKETS = 43_200;

export const TIME_WINDOWS: readonly TimeWindow[] = [
  { id: "1m", label: "1 min", buckets: 60, resolutionMs: 1000, query: "1m" },
  { id: "5m", label: "5 min", buckets: 300, resolutionMs: 1000, query: "5m" },
  { id: "15m", label: "15 min", buckets: 900, resolutionMs: 1000, query: "15m" },
  { id: "1h", label: "1 h", buckets: 3600, resolutionMs: 1000, query: "1h" },
  { id: "24h", label: "24 h", buckets: 1440, resolutionMs: 60_000, query: "24h" },
  { id: "7d", label: "7 d", buckets: 10_080, resolutionMs: 60_000, query: "7d" },
  { id: "30d", label: "30 d", buckets: 43_200, resolutionMs: 60_000, query: "30d" },
];

/** Windows longer than a live capture's minute ring (24 h): offered for files only. */
export const FILE_ONLY_WINDOWS: ReadonlySet<WindowId> = new Set(["7d", "30d"]);

export const DEFAULT_WINDOW: Exclude<WindowId, "all"> = "5m";

export function timeWindow(id: Exclude<WindowId, "all">): TimeWindow {
  return TIME_WINDOWS.find((w) => w.id === id) ?? TIME_WINDOWS[1]!;
}

/**
 * The window that holds a capture of `spanMs` whole: 1 s buckets while it fits the server's
 * hour of seconds, else minutes up to `maxMinutes` (then the newest part, and `clipped`).
 */
export function wholeCaptureWindow(
  spanMs: number,
  maxMinutes = FILE_MINUTE_BUCKETS,
): TimeWindow & { clipped: boolean } {
  const seconds = Math.max(1, Math.ceil(spanMs / 1000) + 1);
  if (seconds <= SECOND_BUCKETS) {
    return {
      id: "all",
      label: "whole capture",
      buckets: seconds,
      resolutionMs: 1000,
      query: `${seconds}s`,
      clipped: false,
    };
  }
  const minutes = Math.ceil(spanMs / 60_000) + 1;
  const buckets = Math.min(minutes, maxMinutes);
  return {
    id: "all",
    label: "whole capture",
    buckets,
    resolutionMs: 60_000,
    query: `${buckets}m`,
    clipped: minutes > maxMinutes,
  };
}
