/** The timeline's window selector: how far back the charts reach, and at what resolution. */

export type WindowId = "1m" | "5m" | "15m" | "1h" | "24h";

export interface TimeWindow {
  id: WindowId;
  label: string;
  /** Buckets shown. */
  buckets: number;
  /** Bucket width the server gives for this window (server/README.md, /api/series). */
  resolutionMs: number;
}

export const TIME_WINDOWS: readonly TimeWindow[] = [
  { id: "1m", label: "1 min", buckets: 60, resolutionMs: 1000 },
  { id: "5m", label: "5 min", buckets: 300, resolutionMs: 1000 },
  { id: "15m", label: "15 min", buckets: 900, resolutionMs: 1000 },
  { id: "1h", label: "1 h", buckets: 3600, resolutionMs: 1000 },
  { id: "24h", label: "24 h", buckets: 1440, resolutionMs: 60_000 },
];

export const DEFAULT_WINDOW: WindowId = "5m";

export function timeWindow(id: WindowId): TimeWindow {
  return TIME_WINDOWS.find((w) => w.id === id) ?? TIME_WINDOWS[1]!;
}
