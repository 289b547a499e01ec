import assert from "node:assert/strict";
import { finalMix } from "../capture/key_hash.ts";
import { HyperLogLog } from "./hyperloglog.ts";

function fill(hll: HyperLogLog, n: number, offset = 0): void {
  for (let i = 0; i < n; i++) {
    const x = i + offset;
    hll.add(finalMix(x ^ 0x5bd1e995), finalMix(x + 0x27d4eb2f));
  }
}

Deno.test("HyperLogLog.estimate() is within 3% at 1,000 and 1,000,000 items", () => {
  for (const n of [1_000, 1_000_000]) {
    const hll = new HyperLogLog();
    fill(hll, n);
    const err = Math.abs(hll.estimate() - n) / n;
    assert.ok(err < 0.03, `n=${n} estimate=${hll.estimate()}`);
  }
});

Deno.test("HyperLogLog ignores repeated items", () => {
  const hll = new HyperLogLog();
  fill(hll, 5_000);
  const once = hll.estimate();
  fill(hll, 5_000);
  assert.equal(hll.estimate(), once);
});

Deno.test("HyperLogLog.estimate() is 0 when empty and after clear()", () => {
  const hll = new HyperLogLog();
  assert.equal(hll.estimate(), 0);
  fill(hll, 10);
  hll.clear();
  assert.equal(hll.estimate(), 0);
});

Deno.test("HyperLogLog rejects a precision outside 7..18", () => {
  assert.throws(() => new HyperLogLog(6), RangeError);
  assert.throws(() => new HyperLogLog(19), RangeError);
});
