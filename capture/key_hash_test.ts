import assert from "node:assert/strict";
import { finalMix, hashWords } from "./key_hash.ts";

Deno.test("hashWords() is deterministic for a seed and changes with the seed", () => {
  const key = new Uint32Array([4, 0x0a000001, 0, 0, 0]);
  assert.equal(hashWords(key, 5, 1), hashWords(key, 5, 1));
  assert.notEqual(hashWords(key, 5, 1), hashWords(key, 5, 2));
});

Deno.test("hashWords() ignores words past the given length", () => {
  const a = new Uint32Array([1, 2, 3, 99]);
  const b = new Uint32Array([1, 2, 3, 7]);
  assert.equal(hashWords(a, 3, 0), hashWords(b, 3, 0));
});

Deno.test("hashWords() spreads sequential IPv4 keys evenly over 1024 buckets", () => {
  const buckets = new Uint32Array(1024);
  const key = new Uint32Array(5);
  const n = 1 << 18;
  for (let i = 0; i < n; i++) {
    key[1] = 0x0a000000 + i;
    buckets[hashWords(key, 5, 7) & 1023]!++;
  }
  const mean = n / 1024;
  // A uniform hash puts about 256 ± 16 (one sigma) in each bucket; 40% off would be a bad mix.
  for (const b of buckets) assert.ok(Math.abs(b - mean) < mean * 0.4, `bucket ${b}`);
});

Deno.test("finalMix() is a bijection on a sample (no two inputs collide)", () => {
  const seen = new Set<number>();
  for (let i = 0; i < 100_000; i++) seen.add(finalMix(i));
  assert.equal(seen.size, 100_000);
});
