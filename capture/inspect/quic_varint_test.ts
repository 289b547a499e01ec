import assert from "node:assert/strict";
import { readVarint, VARINT_TRUNCATED, varintLength } from "./quic_varint.ts";
import { hexView } from "./testdata/hex.ts";

Deno.test("readVarint() decodes the examples of RFC 9000 appendix A.1", () => {
  const cases: [string, number, number][] = [
    ["c2197c5eff14e88c", 151288809941952652, 8],
    ["9d7f3e7d", 494878333, 4],
    ["7bbd", 15293, 2],
    ["25", 37, 1],
    ["4025", 37, 2],
  ];
  for (const [hex, value, len] of cases) {
    const v = hexView(hex);
    assert.equal(readVarint(v, 0, v.byteLength), value, hex);
    assert.equal(varintLength, len);
  }
});

Deno.test("readVarint() reports a varint cut by the end of the data", () => {
  const v = hexView("9d7f3e7d");
  assert.equal(readVarint(v, 0, 3), VARINT_TRUNCATED);
  assert.equal(readVarint(v, 4, 4), VARINT_TRUNCATED);
});
