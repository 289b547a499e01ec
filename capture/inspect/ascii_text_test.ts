import assert from "node:assert/strict";
import { asciiText } from "./ascii_text.ts";

const view = (bytes: number[]) => new DataView(Uint8Array.from(bytes).buffer);

Deno.test("asciiText() keeps printable ASCII in the given range", () => {
  const v = view([0, 0x77, 0x77, 0x77, 0x2e, 0x61, 0]);
  assert.equal(asciiText(v, 1, 6), "www.a");
});

Deno.test("asciiText() escapes control, non-ASCII and backslash bytes as \\xNN", () => {
  assert.equal(asciiText(view([0x61, 0x0a, 0xff, 0x5c]), 0, 4), "a\\x0a\\xff\\x5c");
});
