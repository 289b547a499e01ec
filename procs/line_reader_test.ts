import assert from "node:assert/strict";
import { LineBuffer, LineReader } from "./line_reader.ts";

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

Deno.test("LineReader joins lines split across chunks and ends with null", async () => {
  const reader = new LineReader(streamOf('{"a":', "1}\n{", '"b":2}\n'), 100);
  assert.equal(await reader.next(), '{"a":1}');
  assert.equal(await reader.next(), '{"b":2}');
  assert.equal(await reader.next(), null);
});

Deno.test("LineBuffer refuses a line that grows past its bound without ending", () => {
  const lines = new LineBuffer(8);
  lines.append("12345678");
  assert.equal(lines.take(), null);
  lines.append("9");
  assert.throws(() => lines.take(), RangeError);
});
