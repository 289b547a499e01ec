import assert from "node:assert/strict";
import { KeyIndex } from "./key_index.ts";

function key(a: number, b = 0): Uint32Array {
  return new Uint32Array([a, b]);
}

Deno.test("KeyIndex finds what it inserted and nothing else", () => {
  const idx = new KeyIndex(2, 8);
  const id = idx.insert(key(1, 2), 42);
  assert.equal(idx.find(key(1, 2), 42), id);
  assert.equal(idx.find(key(1, 3), 42), -1);
  assert.equal(idx.find(key(1, 2), 43), -1);
  assert.equal(idx.size, 1);
});

Deno.test("KeyIndex keeps keys with equal hashes apart by comparing every word", () => {
  const idx = new KeyIndex(2, 16);
  const ids = [1, 2, 3, 4].map((i) => idx.insert(key(i, i), 7));
  [1, 2, 3, 4].forEach((i, n) => assert.equal(idx.find(key(i, i), 7), ids[n]));
  assert.equal(idx.find(key(5, 5), 7), -1);
});

Deno.test("KeyIndex.insert() returns -1 past capacity and the size holds", () => {
  const idx = new KeyIndex(1, 4);
  for (let i = 0; i < 4; i++) assert.ok(idx.insert(key(i), i) >= 0);
  assert.ok(idx.full);
  assert.equal(idx.insert(key(99), 99), -1);
  assert.equal(idx.size, 4);
});

Deno.test("KeyIndex.remove() keeps every other colliding key reachable", () => {
  // All keys share one home slot, so removal must shift the cluster back correctly.
  const idx = new KeyIndex(1, 32);
  const ids: number[] = [];
  for (let i = 0; i < 20; i++) ids.push(idx.insert(key(i), i % 3 === 0 ? 5 : 5 + 64 * i));
  for (let i = 0; i < 20; i += 2) idx.remove(ids[i]!);
  for (let i = 0; i < 20; i++) {
    const want = i % 2 === 0 ? -1 : ids[i];
    assert.equal(idx.find(key(i), i % 3 === 0 ? 5 : 5 + 64 * i), want, `key ${i}`);
  }
  assert.equal(idx.size, 10);
});

Deno.test("KeyIndex survives wrap-around clusters under random churn (model check)", () => {
  const idx = new KeyIndex(1, 64);
  const model = new Map<number, number>();
  let seed = 12345;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  for (let step = 0; step < 50_000; step++) {
    const k = rand() % 200;
    // Hashes near the top of the slot table force clusters to wrap past slot 0.
    const h = 120 + (k % 12);
    const present = model.get(k);
    if (present !== undefined && rand() % 2 === 0) {
      idx.remove(present);
      model.delete(k);
    } else if (present === undefined && !idx.full) {
      model.set(k, idx.insert(key(k), h));
    }
    if (step % 97 === 0) {
      for (let q = 0; q < 200; q++) {
        assert.equal(idx.find(key(q), 120 + (q % 12)), model.get(q) ?? -1);
      }
    }
  }
  assert.equal(idx.size, model.size);
});

Deno.test("KeyIndex reuses removed ids so ids stay below capacity", () => {
  const idx = new KeyIndex(1, 2);
  const a = idx.insert(key(1), 1);
  idx.insert(key(2), 2);
  idx.remove(a);
  assert.ok(!idx.isLive(a));
  assert.equal(idx.insert(key(3), 3), a);
  assert.equal(idx.highWater, 2);
});

Deno.test("KeyIndex.clear() empties the index", () => {
  const idx = new KeyIndex(1, 4);
  idx.insert(key(1), 1);
  idx.clear();
  assert.equal(idx.size, 0);
  assert.equal(idx.find(key(1), 1), -1);
});

Deno.test("KeyIndex rejects a capacity outside 1..2^24", () => {
  assert.throws(() => new KeyIndex(1, 0), RangeError);
  assert.throws(() => new KeyIndex(1, 2 ** 24 + 1), RangeError);
  assert.throws(() => new KeyIndex(0, 4), RangeError);
});

Deno.test("KeyIndex keeps keys in the owner's records when given a key store and stride", () => {
  const store = new Uint32Array(4 * 8);
  const idx = new KeyIndex(2, 4, store, 8);
  const a = idx.insert(key(7, 8), 1);
  const b = idx.insert(key(9, 10), 2);
  assert.deepEqual([idx.keyBase(b), ...store.subarray(idx.keyBase(b), idx.keyBase(b) + 2)], [
    8,
    9,
    10,
  ]);
  assert.equal(store[2], 0, "words past the key are the owner's");
  assert.deepEqual([idx.find(key(7, 8), 1), idx.find(key(9, 10), 2)], [a, b]);
  assert.throws(() => new KeyIndex(2, 4, new Uint32Array(25), 8), RangeError);
  assert.throws(() => new KeyIndex(2, 4, store, 1), RangeError);
});
