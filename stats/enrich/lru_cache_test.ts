import assert from "node:assert/strict";
import { LruCache } from "./lru_cache.ts";

Deno.test("LruCache.set() evicts the least recently used entry once past capacity", () => {
  const cache = new LruCache<string, number>(3);
  for (const [k, v] of [["a", 1], ["b", 2], ["c", 3]] as const) cache.set(k, v);
  assert.equal(cache.get("a"), 1); // a is now the most recent
  cache.set("d", 4);
  assert.equal(cache.has("b"), false);
  assert.deepEqual([...cache.keys()], ["c", "a", "d"]);
  assert.equal(cache.size, 3);
});

Deno.test("LruCache.set() on an existing key updates it without evicting anything", () => {
  const cache = new LruCache<number, string>(2);
  cache.set(1, "x");
  cache.set(2, "y");
  cache.set(1, "z");
  assert.equal(cache.size, 2);
  assert.deepEqual([...cache.keys()], [2, 1]);
  assert.equal(cache.peek(1), "z");
});

Deno.test("LruCache.peek() reads without changing which entry is evicted next", () => {
  const cache = new LruCache<number, number>(2);
  cache.set(1, 1);
  cache.set(2, 2);
  cache.peek(1);
  cache.set(3, 3);
  assert.equal(cache.has(1), false);
});

Deno.test("LruCache stays at capacity when filled far past it", () => {
  const cache = new LruCache<number, number>(100);
  for (let i = 0; i < 10_000; i++) cache.set(i, i);
  assert.equal(cache.size, 100);
  assert.equal(cache.get(9_999), 9_999);
  assert.equal(cache.get(9_899), undefined);
});

Deno.test("new LruCache() rejects a capacity that is not a positive integer", () => {
  assert.throws(() => new LruCache(0), RangeError);
  assert.throws(() => new LruCache(1.5), RangeError);
});

Deno.test("LruCache.delete() unlinks oldest, middle and newest alike, keeping the order", () => {
  const cache = new LruCache<string, number>(5);
  for (const [i, k] of ["a", "b", "c", "d", "e"].entries()) cache.set(k, i);
  assert.equal(cache.delete("a"), true);
  assert.equal(cache.delete("c"), true);
  assert.equal(cache.delete("e"), true);
  assert.equal(cache.delete("e"), false);
  assert.deepEqual([...cache.keys()], ["b", "d"]);
  cache.set("f", 5);
  cache.get("b");
  assert.deepEqual([...cache.keys()], ["d", "f", "b"]);
  cache.clear();
  assert.deepEqual([...cache.keys()], []);
  cache.set("g", 6);
  assert.deepEqual([...cache.keys()], ["g"]);
  assert.equal(cache.size, 1);
});

Deno.test("LruCache.set() past capacity hands the evicted entry's place to the new key", () => {
  const cache = new LruCache<number, string>(2);
  cache.set(1, "a");
  cache.set(2, "b");
  cache.set(3, "c");
  cache.set(4, "d");
  assert.deepEqual([...cache.keys()], [3, 4]);
  assert.deepEqual([cache.peek(1), cache.peek(2), cache.peek(3), cache.peek(4)], [
    undefined,
    undefined,
    "c",
    "d",
  ]);
});
