import assert from "node:assert/strict";
import type { SeriesData } from "../../stats/rate_series.ts";
import { minMaxIndices, rangeTotals, stackedPoints } from "./stacked_points.ts";

function series(tcp: number[], udp: number[]): SeriesData {
  const zeros = tcp.map(() => 0);
  const total = tcp.map((v, i) => v + udp[i]!);
  const families = {
    total,
    tcp,
    udp,
    icmp: zeros,
    "other-ip": zeros,
    "non-ip": zeros,
  };
  return {
    resolutionMs: 1000,
    startMs: 1_000_000,
    buckets: tcp.length,
    pps: families,
    bps: families,
    late: 0,
  };
}

Deno.test("minMaxIndices() keeps every bucket when they fit", () => {
  assert.deepEqual(minMaxIndices([5, 1, 3], 10), [0, 1, 2]);
});

Deno.test("minMaxIndices() keeps each group's lowest and highest bucket, in time order", () => {
  const total = Array.from({ length: 100 }, (_, i) => (i === 37 ? 1000 : i === 80 ? -1 : 1));
  const kept = minMaxIndices(total, 10);
  assert.ok(kept.length <= 10);
  assert.ok(kept.includes(37), "the peak survives");
  assert.ok(kept.includes(80), "the dip survives");
  assert.deepEqual(kept, [...kept].sort((a, b) => a - b));
});

Deno.test("stackedPoints() stacks families bottom up and keeps each one's own value", () => {
  const points = stackedPoints(series([1, 2], [10, 20]), "pps", 2, 100);
  assert.deepEqual(points.tcp, [{ x: 1_000_000, y: 1, v: 1 }, { x: 1_001_000, y: 2, v: 2 }]);
  assert.deepEqual(points.udp, [{ x: 1_000_000, y: 11, v: 10 }, { x: 1_001_000, y: 22, v: 20 }]);
  assert.deepEqual(points["non-ip"].map((p) => p.y), [11, 22]);
});

Deno.test("stackedPoints() shows only the last `buckets` and applies the unit scale", () => {
  const points = stackedPoints(series([8, 16, 24], [0, 0, 0]), "bps", 2, 100, 1 / 8);
  assert.deepEqual(points.tcp, [{ x: 1_001_000, y: 2, v: 2 }, { x: 1_002_000, y: 3, v: 3 }]);
});

Deno.test("rangeTotals() adds the buckets that start inside the range", () => {
  const s = series([1, 2, 3], [0, 0, 0]);
  assert.deepEqual(rangeTotals(s, 1_001_000, 1_003_000), { packets: 5, bytes: 1 });
});
