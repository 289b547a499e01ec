import assert from "node:assert/strict";
import {
  GHASH_STATE_WORDS,
  GHASH_TABLE_WORDS,
  ghashLengths,
  ghashReset,
  ghashTable,
  ghashUpdate,
} from "./ghash.ts";
import { hexBytes } from "./testdata/hex.ts";

const toHex = (w: Uint32Array) => Array.from(w, (x) => x.toString(16).padStart(8, "0")).join("");

/** Hash key and ciphertext of test case 2 of the GCM specification (McGrew and Viega). */
const H = "66e94bd4ef8a2c3b884cfa59ca342b2e";
const C = "0388dace60b6a392f328c2b971b2fe78";

function hashOf(text: Uint8Array, withLengths: boolean): string {
  const table = new Uint32Array(GHASH_TABLE_WORDS);
  ghashTable(hexBytes(H), table);
  const state = new Uint32Array(GHASH_STATE_WORDS);
  ghashReset(state);
  ghashUpdate(table, state, text, 0, text.length);
  if (withLengths) ghashLengths(table, state, 0, text.length);
  return toHex(state);
}

Deno.test("ghashUpdate() gives X1 = C * H of GCM spec test case 2", () => {
  assert.equal(hashOf(hexBytes(C), false), "5e2ec746917062882c85b0685353deb7");
});

Deno.test("ghashLengths() completes GHASH(H, {}, C) of GCM spec test case 2", () => {
  assert.equal(hashOf(hexBytes(C), true), "f38cbb1ad69223dcc3457ae5b6b0f885");
});

Deno.test("ghashUpdate() pads a partial last block with zeros", () => {
  const short = hexBytes("0388dace60b6a392f328c2b971b2");
  const padded = hexBytes("0388dace60b6a392f328c2b971b20000");
  assert.equal(hashOf(short, false), hashOf(padded, false));
});

Deno.test("ghashTable() holds 0, H and the XOR of the powers each nibble names", () => {
  const table = new Uint32Array(GHASH_TABLE_WORDS);
  ghashTable(hexBytes(H), table);
  const entry = (n: number) => table.subarray(4 * n, 4 * n + 4);
  assert.equal(toHex(entry(0)), "0".repeat(32));
  assert.equal(toHex(entry(8)), H);
  const xor = entry(8).map((w, i) => w ^ entry(4)[i]! ^ entry(1)[i]!);
  assert.deepEqual(entry(13), xor);
});
