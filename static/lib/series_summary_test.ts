import assert from "node:assert/strict";
import type { SeriesData } from "../../stats/rate_series.ts";
import { seriesSummary } from "./series_summary.ts";

/** Three 1 s buckets from t=10 s: 4 TCP + 1 UDP packets, then nothing, then 2 TCP packets. */
function series(): SeriesData {
  const zero = () => [0, 0, 0];
  return {
    resolutionMs: 1000,
    startMs: 10_000,
    buckets: 3,
    pps: {
      total: [5, 0, 2],
      tcp: [4, 0, 2],
      udp: [1, 0, 0],
      icmp: zero(),
      "other-ip": zero(),
      "non-ip": zero(),
    },
    bps: {
      total: [4000, 0, 8000],
      tcp: [3000, 0, 8000],
      udp: [1000, 0, 0],
      icmp: zero(),
      "other-ip": zero(),
      "non-ip": zero(),
    },
    late: 0,
  };
}

Deno.test("seriesSummary() totals the span, shares it by family and finds its busiest second", () => {
  const s = seriesSummary(series(), 10_000, 13_000);
  assert.equal(s.packets, 7);
  assert.equal(s.bytes, 1500);
  assert.deepEqual(s.families.map((f) => [f.label, f.packets]), [["TCP", 6], ["UDP", 1]]);
  assert.equal(s.families[0]!.share, 6 / 7);
  assert.deepEqual(s.peak, { atMs: 12_000, bps: 8000 });
});

Deno.test("seriesSummary() leaves out buckets outside the span", () => {
  const s = seriesSummary(series(), 10_000, 12_000);
  assert.equal(s.packets, 5);
  assert.deepEqual(s.peak, { atMs: 10_000, bps: 4000 });
  assert.equal(seriesSummary(series(), 11_000, 12_000).peak, null);
});
