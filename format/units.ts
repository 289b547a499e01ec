/** Human-readable numbers: "1,234", "1.17 MB", "8.4 Mbit/s". Shared by the report and the page. */

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"];
const BIT_UNITS = ["bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"];
const COUNT_UNITS = ["", "k", "M", "G", "T"];

/**
 * One formatter for every call: `toLocaleString` builds a new one each time, which made
 * formatting the largest cost of a dashboard update.
 */
const COUNT_FORMAT = new Intl.NumberFormat("en-US");

/** 1234567 -> "1,234,567". */
export function formatCount(value: number): string {
  return COUNT_FORMAT.format(Math.round(value));
}

/** Decimal (SI) steps, as network tools and link speeds use: 1 KB = 1000 B. */
function scaled(value: number, units: string[], separator: string): string {
  let unit = 0;
  let v = Math.abs(value);
  while (v >= 1000 && unit < units.length - 1) {
    v /= 1000;
    unit++;
  }
  const digits = unit === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  const sign = value < 0 ? "-" : "";
  return `${sign}${v.toFixed(digits)}${separator}${units[unit]}`.trimEnd();
}

/** 1171135 -> "1.17 MB". */
export function formatBytes(bytes: number): string {
  return scaled(bytes, BYTE_UNITS, " ");
}

/** 8400000 -> "8.40 Mbit/s". */
export function formatBitRate(bitsPerSecond: number): string {
  return scaled(bitsPerSecond, BIT_UNITS, " ");
}

/** 15300 -> "15.3k". */
export function formatShortCount(value: number): string {
  return scaled(value, COUNT_UNITS, "");
}

const SECONDS_PER_DAY = 86_400;
/** A calendar-free year: durations of captures are told roughly past a year. */
const SECONDS_PER_YEAR = 365 * SECONDS_PER_DAY;

/**
 * 3723.5 seconds -> "1h 2m 3.5s"; below a minute, seconds with up to 3 decimals; from a day
 * on, days and hours ("22d 3h"), from a year on, years and days ("4y 5d"): the text fits a
 * header tile whatever the span (the exact span is in the dates beside it).
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "-";
  if (seconds < 60) return `${Number(seconds.toFixed(3))}s`;
  if (seconds >= SECONDS_PER_YEAR) {
    const y = Math.floor(seconds / SECONDS_PER_YEAR);
    const d = Math.floor((seconds % SECONDS_PER_YEAR) / SECONDS_PER_DAY);
    return `${y}y ${d}d`;
  }
  if (seconds >= SECONDS_PER_DAY) {
    const d = Math.floor(seconds / SECONDS_PER_DAY);
    const h = Math.floor((seconds % SECONDS_PER_DAY) / 3600);
    return `${d}d ${h}h`;
  }
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Number((seconds % 60).toFixed(1));
  return h > 0 ? `${h}h ${m}m ${s}s` : `${m}m ${s}s`;
}
