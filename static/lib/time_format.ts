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

/** 1490976198776 -> "2017-03-31" (local date, ISO order: unambiguous in every locale). */
export function formatDate(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "2017-03-31 17:03:18". */
export function formatDateTime(epochMs: number): string {
  return `${formatDate(epochMs)} ${formatClock(epochMs)}`;
}

/** Whether two instants fall on different local days. */
export function differentDays(aMs: number, bMs: number): boolean {
  return formatDate(aMs) !== formatDate(bMs);
}

/** "17:03:18 – 17:04:02", with dates when the range crosses midnight. */
export function formatRange(fromMs: number, toMs: number): string {
  return differentDays(fromMs, toMs)
    ? `${formatDateTime(fromMs)} – ${formatDateTime(toMs)}`
    : `${formatClock(fromMs)} – ${formatClock(toMs)}`;
}
