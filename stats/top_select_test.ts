import assert from "node:assert/strict";
import { compareCodePoints, kthSmallest, selectTop, selectTopByKey } from "./top_select.ts";

Deno.test("selectTop() returns the k best ids in rank order", () => {
  const score = [5, 9, 1, 9, 7, 3];
  const top = selectTop(score.length, (i) => i, 3, (a, b) => score[b]! - score[a]! || a - b);
  assert.deepEqual(top, [1, 3, 4]);
});

Deno.test("selectTop() returns everything, ranked, when k exceeds the candidates", () => {
  const score = [2, 3, 1];
  assert.deepEqual(selectTop(3, (i) => i, 10, (a, b) => score[b]! - score[a]!), [1, 0, 2]);
  assert.deepEqual(selectTop(3, (i) => i, 0, () => 0), []);
});

Deno.test("kthSmallest() agrees with sorting on random data with many ties", () => {
  let seed = 7;
  for (let round = 0; round < 200; round++) {
    const n = 1 + (round % 50);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      values[i] = (seed = (Math.imul(seed, 48271) >>> 0) % 2147483647) % 10;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const k = round % n;
    assert.equal(kthSmallest(values, n, k), sorted[k]);
  }
});

Deno.test("compareCodePoints() orders by code point, not locale", () => {
  const list = ["b", "B", "a", "10.0.0.2", "10.0.0.10", "2001:db8::1"].sort(compareCodePoints);
  assert.deepEqual(list, ["10.0.0.10", "10.0.0.2", "2001:db8::1", "B", "a", "b"]);
});

Deno.test("selectTopByKey() returns the same page as a full sort, ties by smaller id", () => {
  const n = 500;
  const keys = new Float64Array(n);
  for (let id = 0; id < n; id++) keys[id] = (id * 7919) % 37;
  const ids = Int32Array.from({ length: n }, (_, i) => (i * 263) % n);
  for (const sign of [1, -1]) {
    const sorted = Array.from(ids).sort((a, b) => sign * (keys[a]! - keys[b]!) || a - b);
    assert.deepEqual(selectTopByKey(ids, n, 20, keys, sign), sorted.slice(0, 20));
  }
  assert.deepEqual(selectTopByKey(ids, n, 0, keys, 1), []);
});

Deno.test("selectTop() agrees with a stable sort on random data with many ties", () => {
  let seed = 11;
  for (let round = 0; round < 200; round++) {
    const n = round % 60;
    const score = Array.from(
      { length: n },
      () => (seed = (Math.imul(seed, 48271) >>> 0) % 2147483647) % 7,
    );
    // Ids in a shuffled order, so ties must follow the candidates' order, not the ids'.
    const ids = Array.from({ length: n }, (_, i) => n - 1 - i);
    const byScore = (a: number, b: number) => score[b]! - score[a]!;
    const k = round % 13;
    const want = [...ids].sort(byScore).slice(0, k);
    assert.deepEqual(selectTop(n, (i) => ids[i]!, k, byScore), want, `round ${round}`);
  }
});
