import assert from "node:assert/strict";
import { shannonEntropy } from "./entropy.ts";

Deno.test("shannonEntropy() is 0 for nothing or one repeated byte", () => {
  assert.equal(shannonEntropy(new Uint8Array(0)), 0);
  assert.equal(shannonEntropy(new Uint8Array(100).fill(0x41)), 0);
});

Deno.test("shannonEntropy() is log2 of the count of equally frequent values", () => {
  assert.equal(shannonEntropy(new Uint8Array([1, 2, 1, 2])), 1);
  assert.equal(shannonEntropy(Uint8Array.from({ length: 256 }, (_, i) => i)), 8);
  assert.equal(shannonEntropy(new Uint8Array([0, 1, 2, 3, 0, 1, 2, 3])), 2);
});

Deno.test("shannonEntropy() of uneven counts: 3 a's and 1 b", () => {
  const h = -(0.75 * Math.log2(0.75) + 0.25 * Math.log2(0.25));
  assert.ok(Math.abs(shannonEntropy(new TextEncoder().encode("aaab")) - h) < 1e-12);
});
