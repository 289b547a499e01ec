import assert from "node:assert/strict";
import { DecodedPacket } from "../capture/decode/packet.ts";
import { fillPacket } from "./_test_packet.ts";
import { formatTimestamp, Totals } from "./totals.ts";

function totalsOf(times: [number, number][]): Totals {
  const t = new Totals();
  const p = new DecodedPacket();
  for (const [sec, nsec] of times) t.add(fillPacket(p, { tsSec: sec, tsNsec: nsec }));
  return t;
}

Deno.test("Totals keeps nanosecond timestamps exact and borrows across the second", () => {
  const s = totalsOf([[1_700_000_010, 900_000_001], [1_700_000_012, 100_000_000]]).snapshot();
  assert.equal(s.minTs, "1700000010.900000001");
  assert.equal(s.maxTs, "1700000012.100000000");
  assert.equal(s.duration, "1.199999999");
  assert.equal(s.timeOrdered, true);
});

Deno.test("Totals tells first/last in arrival order from min/max when time goes backwards", () => {
  const s = totalsOf([[20, 5], [10, 0], [30, 0], [25, 0]]).snapshot();
  assert.deepEqual([s.firstTs, s.lastTs, s.minTs, s.maxTs], [
    "20.000000005",
    "25.000000000",
    "10.000000000",
    "30.000000000",
  ]);
  assert.equal(s.duration, "20.000000000");
  assert.equal(s.durationMs, 20_000);
  assert.equal(s.timeOrdered, false);
});

Deno.test("Totals reports nulls and zero duration before the first packet", () => {
  const s = new Totals().snapshot();
  assert.deepEqual([s.firstTs, s.minTs, s.duration, s.durationMs, s.packets], [
    null,
    null,
    null,
    0,
    0,
  ]);
});

Deno.test("Totals.setDrops() replaces only the counters given", () => {
  const t = new Totals();
  t.setDrops({ kernel: 3, ifdrop: 1, backlog: 2 });
  t.setDrops({ kernel: 7 });
  assert.deepEqual(t.snapshot().drops, { kernel: 7, ifdrop: 1, backlog: 2 });
});

Deno.test("formatTimestamp() pads nanoseconds to nine digits like frame.time_epoch", () => {
  assert.equal(formatTimestamp(5, 1000), "5.000001000");
});
