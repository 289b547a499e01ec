import assert from "node:assert/strict";
import { roundTicks, tickLabel, tickStep } from "./time_ticks.ts";

// Local time throughout: the page labels axes in the reader's zone.
const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) =>
  new Date(y, mo - 1, d, h, mi, s).getTime();

Deno.test("tickStep() picks the smallest round step that fits", () => {
  assert.equal(tickStep(0, 60_000, 6), 10_000);
  assert.equal(tickStep(0, 300_000, 6), 60_000);
  assert.equal(tickStep(0, 3_600_000, 6), 600_000);
  assert.equal(tickStep(0, 86_400_000, 6), 6 * 3_600_000);
  assert.equal(tickStep(0, 22 * 86_400_000, 6), 7 * 86_400_000);
});

Deno.test("roundTicks() falls on round local times, never on odd ones", () => {
  // A 1 h 42 min file starting 10:07:13 (the 10:16:40, 10:33:20 came from span / 6).
  const from = at(2020, 6, 18, 10, 7, 13);
  const to = from + 102 * 60_000;
  const step = tickStep(from, to, 6);
  const ticks = roundTicks(from, to, step);
  assert.equal(step, 30 * 60_000);
  assert.deepEqual(ticks.map((t) => tickLabel(t, step, from, to)), ["10:30", "11:00", "11:30"]);
  for (const t of ticks) assert.ok(t >= from && t <= to);
  const seconds = roundTicks(at(2020, 1, 1, 8, 0, 3), at(2020, 1, 1, 8, 1, 3), 10_000);
  assert.deepEqual(seconds.map((t) => new Date(t).getSeconds()), [10, 20, 30, 40, 50, 0]);
});

Deno.test("tickLabel() carries the date when the axis crosses midnight", () => {
  const from = at(2019, 6, 1, 20);
  const to = at(2019, 6, 2, 4);
  const step = tickStep(from, to, 6);
  const labels = roundTicks(from, to, step).map((t) => tickLabel(t, step, from, to));
  assert.deepEqual(labels, [
    "06-01 20:00",
    "06-01 22:00",
    "06-02 00:00",
    "06-02 02:00",
    "06-02 04:00",
  ]);
  const days = roundTicks(at(2019, 6, 1, 5), at(2019, 6, 23), 7 * 86_400_000);
  assert.deepEqual(days.map((t) => tickLabel(t, 7 * 86_400_000, 0, 1)), [
    "2019-06-02",
    "2019-06-09",
    "2019-06-16",
    "2019-06-23",
  ]);
});
