/**
 * Parsing the chart window the API asks for ("90s", "5m", "1h", "24h") into a ring and a bucket
 * count: the 1 s ring while the window fits in it, else the 1 min ring.
 */
import { QueryError } from "./query_error.ts";

const WINDOW_TEXT = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

export interface SeriesWindow {
  resolution: "1s" | "1m";
  buckets: number;
}

/** Throws RangeError for text that is not a window, or one longer than the minute ring. */
export function parseWindow(text: string, secondSlots: number, minuteSlots: number): SeriesWindow {
  const m = WINDOW_TEXT.exec(text.trim());
  if (m === null) {
    throw new QueryError(`Cannot read series window "${text}": expected a number and s, m, h or d`);
  }
  const seconds = Number(m[1]) * (UNIT_SECONDS[m[2] ?? "s"] ?? 1);
  if (!(seconds >= 1)) {
    throw new QueryError(`Cannot read series window "${text}": must be at least 1s`);
  }
  if (seconds <= secondSlots) return { resolution: "1s", buckets: Math.ceil(seconds) };
  const minutes = Math.ceil(seconds / 60);
  if (minutes > minuteSlots) {
    throw new QueryError(
      `Cannot read series window "${text}": longer than the ${minuteSlots}-minute history`,
    );
  }
  return { resolution: "1m", buckets: minutes };
}
