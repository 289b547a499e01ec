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
