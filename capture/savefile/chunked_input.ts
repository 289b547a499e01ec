/**
 * Sequential reading of a savefile in large chunks through one reused buffer.
 *
 * Records are parsed in place, straight out of the buffer. A record that straddles the end of
 * the buffered data is handled by moving the unread tail to the front (compaction) and reading
 * more; the buffer grows only for a record larger than itself, never past `maxBytes`. Nothing is
 * allocated per record, and the file is never read whole, so a 10 GB capture costs one chunk.
 */

import { SavefileError } from "./savefile_error.ts";

/** Where bytes come from: a `Deno.FsFile`, `Deno.stdin`, or a scripted source in tests. */
export interface ByteSource {
  readSync(buffer: Uint8Array): number | null;
  close(): void;
}

/** A buffered, forward-only view of a `ByteSource`. */
export class ChunkedInput {
  /** The buffer. Replaced (with `view`) only when it grows. */
  bytes: Uint8Array;
  /** A DataView over all of `bytes`. */
  view: DataView;
  /** Index in `bytes` of the next unread byte. */
  pos = 0;
  /** Index in `bytes` one past the last valid byte. */
  end = 0;
  readonly #source: ByteSource;
  readonly #name: string;
  readonly #maxBytes: number;
  /** File offset of `bytes[0]`. */
  #base = 0;
  #eof = false;
  #closed = false;

  /**
   * @param name the path shown in error messages.
   * @param chunkBytes the buffer's initial size, which is also the usual read size.
   * @param maxBytes the largest the buffer may grow for one record.
   */
  constructor(source: ByteSource, name: string, chunkBytes: number, maxBytes: number) {
    this.#source = source;
    this.#name = name;
    this.#maxBytes = Math.max(maxBytes, chunkBytes);
    this.bytes = new Uint8Array(chunkBytes);
    this.view = new DataView(this.bytes.buffer);
  }

  /** File offset of the byte at `pos`: where the next record starts. */
  get offset(): number {
    return this.#base + this.pos;
  }

  /** Bytes buffered and not yet consumed. */
  get available(): number {
    return this.end - this.pos;
  }

  /**
   * Makes `n` bytes available at `pos` (n <= maxBytes) and returns how many are: `n`, or fewer
   * only at the end of the input. May move the buffered bytes and replace `bytes` and `view`, so
   * offsets into the buffer taken before the call are stale after it.
   */
  fill(n: number): number {
    if (this.end - this.pos >= n) return n;
    if (n > this.bytes.length) this.#grow(n);
    if (this.pos + n > this.bytes.length) this.#compact();
    while (this.end - this.pos < n && !this.#eof) this.#read();
    return Math.min(n, this.end - this.pos);
  }

  /** Consumes `n` bytes, reading through the input when they are not buffered. Returns how many
   * were there: `n`, or fewer at the end of the input. */
  skip(n: number): number {
    let skipped = 0;
    while (skipped < n) {
      if (this.pos === this.end) {
        this.#compact();
        this.#read();
        if (this.pos === this.end) break;
      }
      const step = Math.min(n - skipped, this.end - this.pos);
      this.pos += step;
      skipped += step;
    }
    return skipped;
  }

  /** A `SavefileError` for this input. */
  error(detail: string, byteOffset?: number, cause?: unknown): SavefileError {
    return new SavefileError(this.#name, detail, {
      ...(byteOffset === undefined ? {} : { byteOffset }),
      ...(cause === undefined ? {} : { cause }),
    });
  }

  /** Closes the source and drops the buffer. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#eof = true;
    this.pos = 0;
    this.end = 0;
    this.bytes = new Uint8Array(0);
    this.view = new DataView(this.bytes.buffer);
    this.#source.close();
  }

  #grow(n: number): void {
    if (n > this.#maxBytes) {
      throw this.error(
        `a ${n}-byte record exceeds the ${this.#maxBytes}-byte buffer limit`,
        this.offset,
      );
    }
    const size = Math.min(Math.max(n, this.bytes.length * 2), this.#maxBytes);
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(this.pos, this.end));
    this.#base += this.pos;
    this.end -= this.pos;
    this.pos = 0;
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  #compact(): void {
    if (this.pos === 0) return;
    this.bytes.copyWithin(0, this.pos, this.end);
    this.#base += this.pos;
    this.end -= this.pos;
    this.pos = 0;
  }

  /** One read into the free space after `end`; sets the end-of-input flag on 0 or null. */
  #read(): void {
    if (this.#eof || this.end === this.bytes.length) return;
    let count: number | null;
    try {
      count = this.#source.readSync(this.bytes.subarray(this.end));
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw this.error(
        `read failed at byte ${this.#base + this.end}: ${detail}`,
        this.#base + this.end,
        cause,
      );
    }
    if (count === null || count === 0) this.#eof = true;
    else this.end += count;
  }
}
