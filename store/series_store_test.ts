import assert from "node:assert/strict";
import { openDatabase } from "./database.ts";
import { SeriesStore } from "./series_store.ts";
import { SERIES_FAMILIES, type SeriesData, type SeriesFamily } from "../stats/rate_series.ts";

const MIN = 60_000;

function minutes(startMs: number, totals: number[]): SeriesData {
  const rec = (scale: number) => {
    const out = {} as Record<SeriesFamily, number[]>;
    for (const f of SERIES_FAMILIES) {
      out[f] = totals.map((t) => (f === "total" || f === "tcp" ? t * scale : 0));
    }
    return out;
  };
  return {
    resolutionMs: MIN,
    startMs,
    buckets: totals.length,
    pps: rec(1),
    bps: rec(800),
    late: 0,
  };
}

Deno.test("SeriesStore keeps complete minutes and a new run's 24 h view shows them again", () => {
  const db = openDatabase(":memory:");
  const before = new SeriesStore(db);
  // Minutes 0..3 of an earlier run; minute 3 is still filling at 3.5 min and is not kept.
  assert.equal(before.saveMinutes(minutes(0, [5, 0, 7, 9]), 3.5 * MIN), 2);
  assert.equal(before.saveMinutes(minutes(0, [5, 0, 7, 9]), 4 * MIN), 1, "each minute once");

  // A restarted engine knows only minutes 4 and 5; its window starts at minute 0.
  const after = new SeriesStore(db);
  const merged = after.withHistory(minutes(0, [0, 0, 0, 0, 11, 12]));
  assert.deepEqual(merged.pps.total, [5, 0, 7, 9, 11, 12]);
  assert.deepEqual(merged.pps.tcp, [5, 0, 7, 9, 11, 12]);
  assert.deepEqual(merged.bps.total, [4000, 0, 5600, 7200, 8800, 9600]);
  assert.deepEqual(merged.pps.udp, [0, 0, 0, 0, 0, 0]);
});

Deno.test("SeriesStore.withHistory() never overwrites a minute the running engine counted", () => {
  const store = new SeriesStore(openDatabase(":memory:"));
  store.saveMinutes(minutes(0, [5, 5]), 10 * MIN);
  assert.deepEqual(store.withHistory(minutes(0, [1, 0])).pps.total, [1, 5]);
});

Deno.test("SeriesStore refuses a second-resolution series", () => {
  const store = new SeriesStore(openDatabase(":memory:"));
  assert.throws(
    () => store.saveMinutes({ ...minutes(0, [1]), resolutionMs: 1000 }, MIN),
    RangeError,
  );
  const seconds = { ...minutes(0, [1]), resolutionMs: 1000 };
  assert.equal(store.withHistory(seconds), seconds);
});
