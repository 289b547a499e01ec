import assert from "node:assert/strict";
import { SERIES_FAMILIES, type SeriesData } from "../../stats/rate_series.ts";
import { mergeSeries, SERIES_KEYS } from "./series_merge.ts";

Deno.test("SERIES_KEYS are the engine's series families", () => {
  assert.deepEqual(SERIES_KEYS, SERIES_FAMILIES);
});

function series(startMs: number, values: number[], resolutionMs = 1000): SeriesData {
  const families = () => ({
    total: values.slice(),
    tcp: values.slice(),
    udp: values.map(() => 0),
    icmp: values.map(() => 0),
    "other-ip": values.map(() => 0),
    "non-ip": values.map(() => 0),
  });
  return {
    resolutionMs,
    startMs,
    buckets: values.length,
    pps: families(),
    bps: families(),
    late: 0,
  };
}

Deno.test("mergeSeries() overwrites the re-sent newest bucket and appends newer ones", () => {
  const merged = mergeSeries(series(0, [1, 2, 3]), series(2000, [4, 5]), 10)!;
  assert.deepEqual(merged.pps.total, [1, 2, 4, 5]);
  assert.deepEqual(merged.bps.tcp, [1, 2, 4, 5]);
  assert.equal(merged.buckets, 4);
  assert.equal(merged.startMs, 0);
});

Deno.test("mergeSeries() keeps only the newest `keep` buckets and moves startMs with them", () => {
  const merged = mergeSeries(series(0, [1, 2, 3]), series(3000, [4, 5]), 3)!;
  assert.deepEqual(merged.pps.total, [3, 4, 5]);
  assert.equal(merged.startMs, 2000);
});

Deno.test("mergeSeries() fills a gap of quiet seconds with zeros", () => {
  const merged = mergeSeries(series(0, [1]), series(3000, [9]), 10)!;
  assert.deepEqual(merged.pps.total, [1, 0, 0, 9]);
});

Deno.test("mergeSeries() refuses points of another resolution", () => {
  assert.equal(mergeSeries(series(0, [1], 60_000), series(0, [1]), 10), null);
});

Deno.test("mergeSeries() starts over when the update begins before what it holds", () => {
  const merged = mergeSeries(series(10_000, [1, 2]), series(0, [7]), 10)!;
  assert.deepEqual(merged.pps.total, [7]);
  assert.equal(merged.startMs, 0);
});

Deno.test("mergeSeries() does not change its inputs", () => {
  const held = series(0, [1, 2]);
  mergeSeries(held, series(1000, [5, 6]), 10);
  assert.deepEqual(held.pps.total, [1, 2]);
  assert.equal(held.buckets, 2);
});
