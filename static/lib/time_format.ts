/** Clock times for axes, tables and the range chip: local time, 24-hour, as capture tools show. */

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** 1490976198776 -> "17:03:18" (local time). */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** With milliseconds, for packet rows: "17:03:18.776". */
export function formatClockMs(epochMs: number): string {
  return `${formatClock(epochMs)}.${pad(Math.floor(epochMs % 1000), 3)}`;
}

/** "17:03:18 – 17:04:02" */
export function formatRange(fromMs: number, toMs: number): string {
  return `${formatClock(fromMs)} – ${formatClock(toMs)}`;
}
