import assert from "node:assert/strict";
import { bucketOf, PACKET_LENGTH_BUCKETS, PacketLengths } from "./packet_lengths.ts";

Deno.test("bucketOf() puts each bound's last and first length on its own side", () => {
  for (let b = 1; b < PACKET_LENGTH_BUCKETS.length; b++) {
    const from = PACKET_LENGTH_BUCKETS[b]!;
    assert.equal(bucketOf(from - 1), b - 1, `${from - 1}`);
    assert.equal(bucketOf(from), b, `${from}`);
  }
  assert.equal(bucketOf(0), 0);
  assert.equal(bucketOf(262_144), PACKET_LENGTH_BUCKETS.length - 1);
});

Deno.test("PacketLengths labels buckets as tshark's plen tree and sums each", () => {
  const lengths = new PacketLengths();
  for (const n of [60, 78, 98, 98, 1514, 9000]) lengths.add(n);
  const s = lengths.snapshot();
  assert.equal(s.packets, 6);
  assert.equal(s.min, 60);
  assert.equal(s.max, 9000);
  assert.equal(s.mean, (60 + 78 + 98 + 98 + 1514 + 9000) / 6);
  assert.deepEqual(s.buckets.map((b) => b.range), [
    "0-19",
    "20-39",
    "40-79",
    "80-159",
    "160-319",
    "320-639",
    "640-1279",
    "1280-2559",
    "2560-5119",
    "5120 and greater",
  ]);
  assert.deepEqual(s.buckets[2], {
    range: "40-79",
    from: 40,
    to: 79,
    packets: 2,
    min: 60,
    max: 78,
    mean: 69,
  });
  assert.deepEqual(s.buckets.map((b) => b.packets), [0, 0, 2, 2, 0, 0, 0, 1, 0, 1]);
  assert.deepEqual(s.buckets[9], {
    range: "5120 and greater",
    from: 5120,
    to: null,
    packets: 1,
    min: 9000,
    max: 9000,
    mean: 9000,
  });
  assert.deepEqual(s.buckets[0], {
    range: "0-19",
    from: 0,
    to: 19,
    packets: 0,
    min: null,
    max: null,
    mean: null,
  });
});

Deno.test("PacketLengths reports nulls before the first frame", () => {
  const s = new PacketLengths().snapshot();
  assert.deepEqual([s.packets, s.min, s.max, s.mean], [0, null, null, null]);
  assert.equal(s.buckets.length, PACKET_LENGTH_BUCKETS.length);
});
