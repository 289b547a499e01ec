import assert from "node:assert/strict";
import { alignedBuffer, CACHE_LINE_BYTES, WASM_PAGE_BYTES } from "./aligned_buffer.ts";

Deno.test("alignedBuffer() returns zeroed memory of at least the requested length", () => {
  const b = alignedBuffer(WASM_PAGE_BYTES + 1);
  assert.equal(b.byteLength, 2 * WASM_PAGE_BYTES);
  assert.ok(new Uint8Array(b).every((x) => x === 0));
  assert.equal(alignedBuffer(0).byteLength, WASM_PAGE_BYTES);
  assert.throws(() => alignedBuffer(-1), RangeError);
});

Deno.test({
  name: "alignedBuffer() starts on a cache-line boundary (address read through FFI)",
  // The address is only visible through the FFI API; without its permission there is nothing
  // to check (and asking would prompt).
  ignore: Deno.permissions.querySync({ name: "ffi" }).state !== "granted",
  fn() {
    for (const size of [64, 1 << 20, 8 << 20]) {
      const address = Deno.UnsafePointer.value(Deno.UnsafePointer.of(alignedBuffer(size)));
      assert.equal(Number(BigInt(address) % BigInt(CACHE_LINE_BYTES)), 0, `size ${size}`);
    }
  },
});
