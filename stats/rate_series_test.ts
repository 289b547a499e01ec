import assert from "node:assert/strict";
import { Family, RateSeries } from "./rate_series.ts";

Deno.test("RateSeries fills gaps between packets with zero buckets", () => {
  const s = new RateSeries(10, 1000);
  s.add(100, Family.tcp, 1000);
  s.add(103, Family.udp, 500);
  const d = s.read(4);
  assert.equal(d.startMs, 100_000);
  assert.deepEqual(d.pps.total, [1, 0, 0, 1]);
  assert.deepEqual(d.pps.tcp, [1, 0, 0, 0]);
  assert.deepEqual(d.bps.udp, [0, 0, 0, 4000]);
});

Deno.test("RateSeries zeroes slots reused after a wrap and after a gap longer than the ring", () => {
  const s = new RateSeries(4, 1000);
  for (let b = 0; b < 4; b++) s.add(b, Family.tcp, 10);
  s.add(6, Family.tcp, 10); // reuses the slots of buckets 0, 1 and 2 for 4, 5 and 6
  assert.deepEqual(s.read(4).pps.total, [1, 0, 0, 1]);
  assert.equal(s.packetsAt(0), 0);
  s.add(1_000_000, Family.udp, 10); // years later: one fill, not a million steps
  assert.deepEqual(s.read(4).pps.total, [0, 0, 0, 1]);
});

Deno.test("RateSeries puts an out-of-order packet in its own bucket while the ring holds it", () => {
  const s = new RateSeries(10, 1000);
  s.add(50, Family.tcp, 100);
  s.add(55, Family.tcp, 100);
  s.add(52, Family.udp, 100); // late, but inside the ring
  assert.equal(s.head, 55);
  assert.deepEqual(s.read(6).pps.total, [1, 0, 1, 0, 0, 1]);
  s.add(40, Family.udp, 100); // older than the ring: counted as late, no slot touched
  assert.equal(s.late, 1);
  assert.deepEqual(s.read(10).pps.total, [0, 0, 0, 0, 1, 0, 1, 0, 0, 1]);
});

Deno.test("RateSeries reports rates per second for minute buckets", () => {
  const s = new RateSeries(1440, 60_000);
  for (let i = 0; i < 120; i++) s.add(7, Family.icmp, 100);
  const d = s.read(1);
  assert.deepEqual(d.pps.icmp, [2]);
  assert.deepEqual(d.bps.total, [1600]);
  assert.equal(d.startMs, 7 * 60_000);
});

Deno.test("RateSeries tracks the peak bucket and read() caps at the ring", () => {
  const s = new RateSeries(3, 1000);
  for (let i = 0; i < 5; i++) s.add(1, Family.tcp, 10);
  s.add(2, Family.tcp, 1000);
  assert.equal(s.peakPackets, 5);
  assert.equal(s.peakBytes, 1000);
  assert.equal(s.read(100).buckets, 3);
  assert.equal(new RateSeries(3, 1000).read().buckets, 0);
});
