import assert from "node:assert/strict";
import { encodeComment, encodeEvent, encodeRetry, PING_FRAME } from "./sse_frame.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("encodeEvent() writes event, id and one data line, ended by a blank line", () => {
  assert.equal(text(encodeEvent("delta", 7, '{"a":1}')), 'event: delta\nid: 7\ndata: {"a":1}\n\n');
});

Deno.test("encodeEvent() refuses data with a line break, which would split the field", () => {
  assert.throws(() => encodeEvent("delta", 1, "a\nb"), RangeError);
  assert.throws(() => encodeEvent("delta", 1, "a\rb"), RangeError);
});

Deno.test("encodeComment() and encodeRetry() write a comment line and the retry field", () => {
  assert.equal(text(encodeComment("ping")), ": ping\n\n");
  assert.equal(text(PING_FRAME), ": ping\n\n");
  assert.equal(text(encodeRetry()), "retry: 2000\n\n");
  assert.equal(text(encodeRetry(500)), "retry: 500\n\n");
});
