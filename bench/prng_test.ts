import assert from "node:assert/strict";
import { Prng } from "./prng.ts";

Deno.test("Prng gives the same sequence for the same seed and another for another seed", () => {
  const a = new Prng(7), b = new Prng(7), c = new Prng(8);
  const seqA = Array.from({ length: 100 }, () => a.u32());
  assert.deepEqual(seqA, Array.from({ length: 100 }, () => b.u32()));
  assert.notDeepEqual(seqA, Array.from({ length: 100 }, () => c.u32()));
});

Deno.test("Prng.u32() gives the reference mulberry32 outputs, so captures never change silently", () => {
  const prng = new Prng(1);
  // The reference JavaScript mulberry32(1) first returns 0.6270739405881613 = 2693262067 / 2^32.
  assert.deepEqual([prng.u32(), prng.u32(), prng.u32()], [2693262067, 11749833, 2265367787]);
});

Deno.test("Prng.int() stays within both bounds and reaches each of them", () => {
  const prng = new Prng(3);
  const seen = new Set<number>();
  for (let i = 0; i < 10_000; i++) {
    const n = prng.int(5, 9);
    assert.ok(n >= 5 && n <= 9, String(n));
    seen.add(n);
  }
  assert.deepEqual([...seen].sort(), [5, 6, 7, 8, 9]);
});

Deno.test("Prng.float() is uniform enough: each tenth of [0, 1) gets 10% +- 1%", () => {
  const prng = new Prng(11);
  const bins = new Array(10).fill(0);
  const n = 100_000;
  for (let i = 0; i < n; i++) bins[Math.floor(prng.float() * 10)]++;
  for (const count of bins) assert.ok(Math.abs(count / n - 0.1) < 0.01, String(count));
});

Deno.test("Prng.skewed() favours low indexes but reaches the tail", () => {
  const prng = new Prng(5);
  let low = 0, high = 0;
  for (let i = 0; i < 10_000; i++) {
    const k = prng.skewed(100);
    assert.ok(k >= 0 && k < 100);
    if (k < 10) low++;
    if (k >= 50) high++;
  }
  assert.ok(low > 4000, `${low} draws below 10`); // (0.1)^(1/3) = 46%
  assert.ok(high > 1000, `${high} draws at 50 or above`); // 1 - 0.5^(1/3) = 21%
});

Deno.test("Prng rejects a seed that is not an integer", () => {
  assert.throws(() => new Prng(1.5), TypeError);
});
