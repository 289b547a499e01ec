/**
 * Time-axis ticks at round local times (10:15:00, 10:20:00; 06:00, 12:00; midnights) instead of
 * wherever an even division of the span happens to fall, labelled with the date when the span
 * crosses midnight.
 */

import { differentDays, formatClock, formatDate } from "./time_format.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The steps a reader counts in: 1, 2, 5, 10, 15, 30 s or min; hours; days. */
export const TICK_STEPS_MS: readonly number[] = [
  ...[1, 2, 5, 10, 15, 30].map((s) => s * SECOND),
  ...[1, 2, 5, 10, 15, 30].map((m) => m * MINUTE),
  ...[1, 2, 3, 6, 12].map((h) => h * HOUR),
  ...[1, 2, 7, 14, 30].map((d) => d * DAY),
];

/** The smallest round step that puts at most `maxTicks` ticks on `[minMs, maxMs]`. */
export function tickStep(minMs: number, maxMs: number, maxTicks: number): number {
  const span = Math.max(0, maxMs - minMs);
  return TICK_STEPS_MS.find((step) => span / step <= maxTicks) ?? TICK_STEPS_MS.at(-1)!;
}

/** Tick values (epoch ms) on `[minMs, maxMs]` at multiples of `step` in local time. */
export function roundTicks(minMs: number, maxMs: number, step: number): number[] {
  const ticks: number[] = [];
  const d = new Date(minMs);
  if (step < HOUR) {
    // Seconds and minutes: local offsets are whole quarter-hours, so UTC multiples of these
    // steps (up to 15 min) are round locally too; 30 min is aligned on the local hour below.
    d.setMinutes(step >= 30 * MINUTE ? 0 : d.getMinutes(), 0, 0);
    let t = step >= 30 * MINUTE ? d.getTime() : Math.floor(minMs / step) * step;
    while (t < minMs) t += step;
    for (; t <= maxMs; t += step) ticks.push(t);
    return ticks;
  }
  if (step < DAY) {
    const hours = step / HOUR;
    d.setMinutes(0, 0, 0);
    d.setHours(Math.floor(d.getHours() / hours) * hours);
    // Hours by the local clock (a daylight-saving day keeps its round labels).
    for (; d.getTime() <= maxMs; d.setHours(d.getHours() + hours)) {
      if (d.getTime() >= minMs) ticks.push(d.getTime());
    }
    return ticks;
  }
  // Days: from the first midnight on the axis.
  const days = Math.round(step / DAY);
  d.setHours(0, 0, 0, 0);
  if (d.getTime() < minMs) d.setDate(d.getDate() + 1);
  for (; d.getTime() <= maxMs; d.setDate(d.getDate() + days)) ticks.push(d.getTime());
  return ticks;
}

/**
 * A tick's label: the clock time to the step's precision, with the date in front when the axis
 * spans more than one day ("06-18 10:00"), the date alone for steps of days.
 */
export function tickLabel(valueMs: number, step: number, minMs: number, maxMs: number): string {
  if (step >= DAY) return formatDate(valueMs);
  const clock = step < MINUTE ? formatClock(valueMs) : formatClock(valueMs).slice(0, 5);
  return differentDays(minMs, maxMs) ? `${formatDate(valueMs).slice(5)} ${clock}` : clock;
}
