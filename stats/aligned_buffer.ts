/**
 * Zeroed memory that starts on a cache-line boundary, for per-entry records that must not
 * straddle lines.
 *
 * A plain `ArrayBuffer` of a few megabytes comes from the C allocator, which on glibc places it
 * 16 bytes past a page boundary (the chunk header of an mmap'd block): a 128-byte record at
 * `id * 128` then spans three cache lines instead of two, and every packet pays for the third.
 * JavaScript offers no aligned allocation, but a WebAssembly memory is reserved by the engine
 * with mmap and always starts on a page boundary. Its pages are, like an mmap'd `ArrayBuffer`'s,
 * only made resident when first written, so the cost in memory is the same.
 */

/** Bytes in a WebAssembly memory page (the unit its size is given in). */
export const WASM_PAGE_BYTES = 65_536;
/** The alignment the buffer guarantees: one x86-64 / ARM64 cache line. */
export const CACHE_LINE_BYTES = 64;

/**
 * A zeroed buffer of at least `byteLength` bytes (rounded up to whole WebAssembly pages) whose
 * first byte is cache-line aligned. Views over it should state their length.
 */
export function alignedBuffer(byteLength: number): ArrayBuffer {
  if (!Number.isInteger(byteLength) || byteLength < 0) {
    throw new RangeError(
      `Cannot allocate aligned buffer: byte length must be a non-negative integer, got ${byteLength}`,
    );
  }
  const pages = Math.max(1, Math.ceil(byteLength / WASM_PAGE_BYTES));
  return new WebAssembly.Memory({ initial: pages, maximum: pages }).buffer;
}
