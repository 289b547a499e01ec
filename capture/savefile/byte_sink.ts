/**
 * The output of the savefile writers: one reused buffer, flushed to a file when full, or grown
 * in memory for `toBytes()`. Writers reserve room, then fill it through `view`/`bytes`.
 */

import { copyViewBytes } from "../view_copy.ts";

/** Default buffer: 1 MiB, the same trade-off as the reader's chunk (few syscalls, small). */
export const DEFAULT_SINK_BYTES = 1_048_576;

/** A buffered, append-only byte destination. */
export class ByteSink {
  /** The buffer; replaced (with `view`) when it grows. */
  bytes: Uint8Array;
  view: DataView;
  #length = 0;
  /** Bytes already written to the file: `size` is these plus the buffered ones. */
  #flushed = 0;
  #file: Deno.FsFile | undefined;
  #closed = false;

  /** Writes to `file` (which the sink then owns) or, without one, keeps everything in memory. */
  constructor(file: Deno.FsFile | undefined, bufferBytes = DEFAULT_SINK_BYTES) {
    if (!Number.isInteger(bufferBytes) || bufferBytes < 1) {
      throw new RangeError(`Cannot create writer: bufferBytes must be a positive integer`);
    }
    this.#file = file;
    this.bytes = new Uint8Array(bufferBytes);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Makes room for `n` bytes and returns the index in `bytes` where they go. */
  reserve(n: number): number {
    if (this.#closed) throw new TypeError("Cannot write: the writer is closed");
    if (this.#length + n > this.bytes.length) {
      if (this.#file !== undefined) this.flush();
      if (this.#length + n > this.bytes.length) this.#grow(this.#length + n);
    }
    const at = this.#length;
    this.#length += n;
    return at;
  }

  /** Everything written so far, flushed or not: the file's size once flushed. */
  get size(): number {
    return this.#flushed + this.#length;
  }

  /** Copies `length` bytes of `source` from `offset` to `bytes[at...]` (no allocation). */
  copyFrom(source: DataView, offset: number, length: number, at: number): void {
    copyViewBytes(source, offset, length, this.view, at);
  }

  /** Writes the buffered bytes to the file (a no-op in memory). */
  flush(): void {
    const file = this.#file;
    if (file === undefined) return;
    let done = 0;
    // writeSync may write less than asked; a 0-byte write would loop forever, so it throws.
    while (done < this.#length) {
      const written = file.writeSync(this.bytes.subarray(done, this.#length));
      if (written <= 0) throw new Deno.errors.WriteZero("Cannot write savefile: 0 bytes written");
      done += written;
    }
    this.#flushed += this.#length;
    this.#length = 0;
  }

  /** A copy of everything written, for in-memory sinks. */
  toBytes(): Uint8Array {
    if (this.#file !== undefined) {
      throw new TypeError("Cannot return bytes: this writer writes to a file");
    }
    return this.bytes.slice(0, this.#length);
  }

  /** Flushes and closes the file. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
    this.#file?.close();
  }

  #grow(n: number): void {
    const grown = new Uint8Array(Math.max(n, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.#length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
}

/** Largest value a 32-bit header field holds. */
const MAX_U32 = 0xffff_ffff;

/** Throw a RangeError naming the format and field unless `value` fits an unsigned 32-bit field. */
export function checkU32(format: "pcap" | "pcapng", name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_U32) {
    throw new RangeError(`Cannot write ${format}: ${name} ${value} does not fit in 32 bits`);
  }
}
