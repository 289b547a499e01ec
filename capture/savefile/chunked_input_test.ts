import assert from "node:assert/strict";
import { type ByteSource, ChunkedInput } from "./chunked_input.ts";
import { SavefileError } from "./savefile_error.ts";
import { pattern } from "./_test_savefile.ts";

/** A source over `bytes` that hands out at most `step` bytes per read, like a pipe. */
class ScriptedSource implements ByteSource {
  #at = 0;
  reads = 0;
  closed = 0;
  constructor(readonly bytes: Uint8Array, readonly step: number) {}
  readSync(buffer: Uint8Array): number | null {
    this.reads++;
    if (this.#at >= this.bytes.length) return null;
    const n = Math.min(this.step, buffer.length, this.bytes.length - this.#at);
    buffer.set(this.bytes.subarray(this.#at, this.#at + n));
    this.#at += n;
    return n;
  }
  close(): void {
    this.closed++;
  }
}

Deno.test("fill() joins short reads until the requested bytes are there", () => {
  const input = new ChunkedInput(new ScriptedSource(pattern(100), 3), "t", 64, 64);
  assert.equal(input.fill(10), 10);
  assert.deepEqual(input.bytes.subarray(input.pos, input.pos + 10), pattern(10));
});

Deno.test("fill() compacts the unread tail to the front when a record straddles the end", () => {
  const data = pattern(40);
  const input = new ChunkedInput(new ScriptedSource(data, 16), "t", 16, 16);
  assert.equal(input.fill(10), 10);
  input.pos += 10;
  assert.equal(input.fill(12), 12);
  assert.equal(input.bytes.length, 16, "no growth needed");
  assert.equal(input.offset, 10);
  assert.deepEqual(input.bytes.subarray(input.pos, input.pos + 12), data.subarray(10, 22));
});

Deno.test("fill() grows the buffer only for a record larger than it, up to maxBytes", () => {
  const input = new ChunkedInput(new ScriptedSource(pattern(100), 100), "t", 8, 32);
  assert.equal(input.fill(20), 20);
  assert.ok(input.bytes.length >= 20 && input.bytes.length <= 32);
  input.pos += 20;
  assert.throws(() => input.fill(33), SavefileError);
});

Deno.test("fill() returns fewer bytes only at the end of the input", () => {
  const input = new ChunkedInput(new ScriptedSource(pattern(5), 2), "t", 16, 16);
  assert.equal(input.fill(8), 5);
  input.pos += 5;
  assert.equal(input.fill(1), 0);
});

Deno.test("skip() streams past more bytes than the buffer holds", () => {
  const data = pattern(1000);
  const input = new ChunkedInput(new ScriptedSource(data, 7), "t", 16, 16);
  assert.equal(input.skip(990), 990);
  assert.equal(input.offset, 990);
  assert.equal(input.fill(10), 10);
  assert.deepEqual(input.bytes.subarray(input.pos, input.pos + 10), data.subarray(990));
  input.pos += 10;
  assert.equal(input.skip(5), 0);
});

Deno.test("a failing read becomes a SavefileError naming the file and offset", () => {
  const source: ByteSource = {
    readSync: () => {
      throw new Error("Input/output error (os error 5)");
    },
    close: () => {},
  };
  const input = new ChunkedInput(source, "disk.pcap", 16, 16);
  assert.throws(() => input.fill(4), (error: unknown) => {
    assert.ok(error instanceof SavefileError);
    assert.equal(
      error.message,
      'Cannot read "disk.pcap": read failed at byte 0: Input/output error (os error 5)',
    );
    return true;
  });
});

Deno.test("close() closes the source once however often it is called", () => {
  const source = new ScriptedSource(pattern(4), 4);
  const input = new ChunkedInput(source, "t", 16, 16);
  input.close();
  input.close();
  assert.equal(source.closed, 1);
  assert.equal(input.fill(4), 0);
});
