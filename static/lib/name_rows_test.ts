import assert from "node:assert/strict";
import { topNames, totalCount } from "./name_rows.ts";

Deno.test("topNames() lists the most counted names first, ties by name, cut to the limit", () => {
  const rows = topNames({ "b.example": 2, "a.example": 2, "c.example": 9, "d.example": 1 }, 3);
  assert.deepEqual(rows, [
    { name: "c.example", count: 9 },
    { name: "a.example", count: 2 },
    { name: "b.example", count: 2 },
  ]);
});

Deno.test("topNames() and totalCount() take a missing object as empty", () => {
  assert.deepEqual(topNames(undefined, 5), []);
  assert.equal(totalCount(undefined), 0);
  assert.equal(totalCount({ a: 3, b: 4 }), 7);
});
