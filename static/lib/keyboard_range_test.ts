import assert from "node:assert/strict";
import { KEY_STEPS, keyRange, type KeyRangeState } from "./keyboard_range.ts";

const MIN = 1_000_000;
const MAX = MIN + KEY_STEPS * 1000;

function press(keys: [string, boolean][]) {
  let state: KeyRangeState = { cursorMs: null, anchorMs: null };
  let range: { fromMs: number; toMs: number } | null | undefined;
  for (const [key, shift] of keys) {
    const r = keyRange(state, key, shift, MIN, MAX);
    assert.ok(r, key);
    state = r.state;
    if (r.range !== undefined) range = r.range;
  }
  return { state, range };
}

Deno.test("keyRange() selects from where Shift was first held to the cursor", () => {
  const { range } = press([
    ["ArrowLeft", false],
    ["ArrowLeft", false],
    ["ArrowLeft", true],
    ["ArrowLeft", true],
    ["ArrowLeft", true],
  ]);
  assert.deepEqual(range, { fromMs: MAX - 5000, toMs: MAX - 2000 });
});

Deno.test("keyRange() keeps the cursor inside the axis and clears with Escape", () => {
  const home = press([["Home", false], ["ArrowLeft", false]]);
  assert.equal(home.state.cursorMs, MIN);
  const right = press([["Home", false], ["PageUp", true]]);
  assert.deepEqual(right.range, { fromMs: MIN, toMs: MIN + 5000 });
  const cleared = press([["Home", false], ["End", true], ["Escape", false]]);
  assert.equal(cleared.range, null);
  assert.equal(cleared.state.anchorMs, null);
  assert.equal(keyRange({ cursorMs: null, anchorMs: null }, "a", false, MIN, MAX), null);
});
