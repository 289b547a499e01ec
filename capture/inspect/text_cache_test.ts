import assert from "node:assert/strict";
import { hashKey, TextCache, WAYS } from "./text_cache.ts";

const bytes = (...b: number[]) => new DataView(Uint8Array.from(b).buffer);

Deno.test("TextCache hands back the text remembered for the same bytes, at any offset", () => {
  const cache = new TextCache(8, 4);
  const key = bytes(10, 0, 0, 1);
  cache.set(key, 0, 4, hashKey(key, 0, 4), "10.0.0.1");
  const elsewhere = bytes(99, 10, 0, 0, 1);
  assert.equal(cache.get(elsewhere, 1, 4, hashKey(elsewhere, 1, 4)), "10.0.0.1");
  assert.equal(cache.hits, 1);
});

Deno.test("TextCache misses on other bytes that share the slot, and the newer key evicts", () => {
  const cache = new TextCache(1, 4);
  const a = bytes(1, 2, 3, 4);
  const b = bytes(1, 2, 3, 5);
  cache.set(a, 0, 4, 0, "a");
  assert.equal(cache.get(b, 0, 4, 0), undefined, "same slot, other bytes");
  assert.equal(cache.get(a, 0, 3, 0), undefined, "a prefix is another key");
  cache.set(b, 0, 4, 0, "b");
  assert.equal(cache.get(a, 0, 4, 0), undefined);
  assert.equal(cache.get(b, 0, 4, 0), "b");
});

Deno.test("TextCache holds at most `slots` keys and never one past `maxKeyLen`", () => {
  const cache = new TextCache(4, 2);
  for (let i = 0; i < 100; i++) {
    const key = bytes(i, i >> 8);
    cache.set(key, 0, 2, hashKey(key, 0, 2), String(i));
  }
  let held = 0;
  for (let i = 0; i < 100; i++) {
    const key = bytes(i, i >> 8);
    if (cache.get(key, 0, 2, hashKey(key, 0, 2)) !== undefined) held++;
  }
  assert.ok(held <= 4);
  const long = bytes(1, 2, 3);
  cache.set(long, 0, 3, 0, "long");
  assert.equal(cache.get(long, 0, 3, 0), undefined);
});

Deno.test("TextCache refuses a slot count that is not a power of two", () => {
  assert.throws(() => new TextCache(1000, 4), RangeError);
});

Deno.test("TextCache keeps WAYS keys of one set and evicts the least recently used", () => {
  const cache = new TextCache(WAYS, 1);
  const key = (b: number) => bytes(b);
  // One set only: every key lands in it, whatever its hash.
  for (let b = 0; b < WAYS; b++) cache.set(key(b), 0, 1, b, String(b));
  for (let b = 0; b < WAYS; b++) assert.equal(cache.get(key(b), 0, 1, b), String(b));
  assert.equal(cache.get(key(0), 0, 1, 0), "0", "key 0 is now the most recently used");
  cache.set(key(99), 0, 1, 99, "99");
  assert.equal(cache.get(key(1), 0, 1, 1), undefined, "key 1 was the least recently used");
  assert.equal(cache.get(key(0), 0, 1, 0), "0");
  assert.equal(cache.get(key(99), 0, 1, 99), "99");
});

Deno.test("TextCache compares whole words and the last bytes: a key differing anywhere misses", () => {
  const cache = new TextCache(1, 7);
  const key = bytes(1, 2, 3, 4, 5, 6, 7);
  // One slot and a hash of 0 for every key: only the byte comparison tells them apart.
  cache.set(key, 0, 7, 0, "key");
  assert.equal(cache.get(bytes(1, 2, 3, 4, 5, 6, 8), 0, 7, 0), undefined, "last byte differs");
  assert.equal(cache.get(bytes(1, 2, 9, 4, 5, 6, 7), 0, 7, 0), undefined, "first word differs");
  assert.equal(cache.get(bytes(0, 1, 2, 3, 4, 5, 6, 7), 1, 7, 0), "key", "same bytes elsewhere");
});

Deno.test("hashKey() depends on every byte, the last ones past whole words included", () => {
  const base = [3, 0x77, 0x77, 0x77, 7, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65];
  const hash = hashKey(bytes(...base), 0, base.length);
  for (let i = 0; i < base.length; i++) {
    const other = [...base];
    other[i] = other[i]! ^ 1;
    assert.notEqual(hashKey(bytes(...other), 0, other.length), hash, `byte ${i}`);
  }
  assert.notEqual(hashKey(bytes(...base), 0, base.length - 1), hash, "a prefix");
});
