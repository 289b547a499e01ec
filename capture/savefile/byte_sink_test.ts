import assert from "node:assert/strict";
import { ByteSink } from "./byte_sink.ts";
import { pattern } from "./_test_savefile.ts";

Deno.test("ByteSink in memory grows past its initial buffer and keeps every byte", () => {
  const sink = new ByteSink(undefined, 4);
  for (let i = 0; i < 10; i++) {
    const at = sink.reserve(3);
    sink.bytes.set(pattern(3, i), at);
  }
  const expected = new Uint8Array(30);
  for (let i = 0; i < 10; i++) expected.set(pattern(3, i), i * 3);
  assert.deepEqual(sink.toBytes(), expected);
});

Deno.test("ByteSink to a file flushes when full and grows only for one oversized write", () => {
  const path = Deno.makeTempFileSync();
  try {
    const sink = new ByteSink(Deno.openSync(path, { write: true }), 8);
    sink.bytes.set(pattern(6), sink.reserve(6));
    const at = sink.reserve(20); // more than the whole buffer
    assert.equal(at, 0, "the first 6 bytes were flushed to make room");
    sink.bytes.set(pattern(20, 6), at);
    sink.close();
    sink.close();
    const expected = new Uint8Array(26);
    expected.set(pattern(6));
    expected.set(pattern(20, 6), 6);
    assert.deepEqual(Deno.readFileSync(path), expected);
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("ByteSink rejects writes after close() with TypeError", () => {
  const sink = new ByteSink(undefined);
  sink.close();
  assert.throws(() => sink.reserve(1), TypeError);
});
