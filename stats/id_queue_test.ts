import assert from "node:assert/strict";
import { IdQueue, QUEUE_SLACK } from "./id_queue.ts";

Deno.test("IdQueue.oldest() names the id pushed or touched longest ago", () => {
  const q = new IdQueue(4);
  [0, 1, 2, 3].forEach((id) => q.push(id));
  q.touch(0);
  assert.equal(q.oldest(), 1);
  q.remove(1);
  assert.equal(q.oldest(), 2);
  assert.deepEqual(q.newestFirst(), [0, 3, 2]);
  assert.equal(q.size, 3);
});

Deno.test("IdQueue keeps LRU order through many compactions of its ring", () => {
  const cap = 8;
  const q = new IdQueue(cap);
  const model: number[] = []; // oldest first
  for (let id = 0; id < cap; id++) {
    q.push(id);
    model.push(id);
  }
  // Far more touches than ring cells, so the ring is compacted many times over.
  for (let i = 0; i < cap * QUEUE_SLACK * 50; i++) {
    const id = (i * 5 + (i >> 3)) % cap;
    q.touch(id);
    model.splice(model.indexOf(id), 1);
    model.push(id);
  }
  assert.deepEqual(q.newestFirst(), [...model].reverse());
  assert.equal(q.oldest(), model[0]);
});

Deno.test("IdQueue.remove() of an id not queued changes nothing", () => {
  const q = new IdQueue(2);
  q.push(1);
  q.remove(0);
  assert.equal(q.size, 1);
  assert.equal(q.has(0), false);
  q.remove(1);
  assert.equal(q.oldest(), -1);
});

Deno.test("IdQueue.newer() walks from the oldest to the newest id, past removed ones", () => {
  const q = new IdQueue(8);
  [5, 1, 7, 2].forEach((id) => q.push(id));
  q.touch(1);
  q.remove(7);
  const walked: number[] = [];
  for (let id = q.oldest(); id >= 0; id = q.newer(id)) walked.push(id);
  assert.deepEqual(walked, [5, 2, 1]);
});
