import assert from "node:assert/strict";
import { RATE_HISTORY_SECONDS, WindowRates } from "./window_rates.ts";

Deno.test("WindowRates averages only the complete seconds inside each window", () => {
  const r = new WindowRates(2);
  for (let s = 100; s < 140; s++) {
    r.setSecond(s);
    r.add(0, 0, 1000);
  }
  r.setSecond(140);
  r.add(0, 0, 999_999); // the second in progress is not counted
  assert.equal(r.windowBytes(0, 0, 140, 2), 2000);
  assert.equal(r.windowBytes(0, 0, 140, 10), 10_000);
  assert.equal(r.windowBytes(0, 0, 140, 40), 40_000);
  assert.equal(r.bitsPerSecond(0, 0, 140, 10), 8000);
});

Deno.test("WindowRates keeps the two directions and the entries apart", () => {
  const r = new WindowRates(2);
  r.setSecond(10);
  r.add(0, 0, 100);
  r.add(0, 1, 7);
  r.add(1, 0, 5);
  assert.equal(r.windowBytes(0, 0, 11, 2), 100);
  assert.equal(r.windowBytes(0, 1, 11, 2), 7);
  assert.equal(r.windowBytes(1, 0, 11, 2), 5);
});

Deno.test("WindowRates forgets seconds that fell out of the 40-slot ring", () => {
  const r = new WindowRates(1);
  r.setSecond(10);
  r.add(0, 0, 100);
  assert.equal(r.windowBytes(0, 0, 11 + RATE_HISTORY_SECONDS, 40), 0);
  assert.equal(r.windowBytes(0, 0, 10 + RATE_HISTORY_SECONDS, 40), 100);
  // A packet long after the last one zeroes stale slots before they can be read again.
  r.setSecond(10 + 3 * RATE_HISTORY_SECONDS);
  r.add(0, 0, 1);
  assert.equal(r.windowBytes(0, 0, 11 + 3 * RATE_HISTORY_SECONDS, 40), 1);
});

Deno.test("WindowRates.setSecond() never moves the clock backwards", () => {
  const r = new WindowRates(1);
  r.setSecond(50);
  r.setSecond(20);
  assert.equal(r.second, 50);
});

Deno.test("WindowRates.reset() clears a reused entry's history", () => {
  const r = new WindowRates(1);
  r.setSecond(5);
  r.add(0, 0, 100);
  r.reset(0);
  r.setSecond(6);
  r.add(0, 0, 1);
  assert.equal(r.windowBytes(0, 0, 7, 40), 1);
});

Deno.test("WindowRates gives an entry a ring only at its second active second, and reuses rings", () => {
  const r = new WindowRates(3);
  r.setSecond(1_700_000_000); // epoch seconds past 2^30, as the packet clock has them
  r.add(0, 0, 10);
  r.add(1, 0, 20);
  assert.equal(r.ringsUsed, 0); // both histories still fit the heads
  r.setSecond(1_700_000_001);
  r.add(0, 0, 30);
  assert.equal(r.ringsUsed, 1);
  assert.equal(r.windowBytes(0, 0, 1_700_000_002, 2), 40);
  assert.equal(r.windowBytes(1, 0, 1_700_000_002, 2), 20);
  // A reset entry gives its ring back; the next entry to need one reuses it, zeroed.
  r.reset(0);
  r.add(1, 1, 5);
  assert.equal(r.ringsUsed, 1);
  assert.equal(r.windowBytes(1, 0, 1_700_000_002, 40), 20);
  assert.equal(r.windowBytes(1, 1, 1_700_000_002, 40), 5);
  assert.equal(r.windowBytes(0, 0, 1_700_000_002, 40), 0);
});
