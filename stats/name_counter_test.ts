import assert from "node:assert/strict";
import { EVERY_NAME, NAME_REPORT_LIMIT, NameCounter } from "./name_counter.ts";

Deno.test("NameCounter counts exactly below its capacity, ties by name", () => {
  const counter = new NameCounter(10);
  for (const name of ["b.example", "a.example", "b.example", "c.example", "a.example"]) {
    counter.add(name);
  }
  assert.deepEqual(counter.top(), { "a.example": 2, "b.example": 2, "c.example": 1 });
  assert.equal(counter.total, 5);
  assert.equal(counter.folded, 0);
});

Deno.test("NameCounter holds its capacity and folds names that arrive after it is full", () => {
  const counter = new NameCounter(3);
  for (let i = 0; i < 10; i++) counter.add(`host${i}.example`);
  counter.add("host0.example", 5);
  assert.equal(counter.distinct, 3);
  assert.equal(counter.folded, 7);
  assert.equal(counter.total, 15);
  assert.deepEqual(Object.keys(counter.top()), ["host0.example", "host1.example", "host2.example"]);
});

Deno.test("NameCounter.top(limit) lists the most frequent and omitted() sums the rest", () => {
  const counter = new NameCounter();
  counter.add("x", 5);
  counter.add("y", 3);
  counter.add("z", 1);
  assert.deepEqual(counter.top(2), { x: 5, y: 3 });
  assert.equal(counter.omitted(2), 1);
  assert.equal(counter.omitted(3), 0);
  assert.throws(() => new NameCounter(0), RangeError);
});

Deno.test("NameCounter.top(EVERY_NAME) lists every name held past the /stats cut", () => {
  const counter = new NameCounter(NAME_REPORT_LIMIT * 2);
  for (let i = 0; i < NAME_REPORT_LIMIT * 3; i++) counter.add(`n${i}.example`);
  assert.equal(Object.keys(counter.top()).length, NAME_REPORT_LIMIT);
  assert.equal(Object.keys(counter.top(EVERY_NAME)).length, NAME_REPORT_LIMIT * 2);
  // Only the names that arrived after the table was full are left out, and counted.
  assert.equal(counter.omitted(EVERY_NAME), NAME_REPORT_LIMIT);
});
