/**
 * Lines from a byte stream, each at most `maxBytes`: the helper's pipe carries one JSON object
 * per line, and neither side may be made to buffer without bound by the other.
 */

/** Text in, whole lines out; throws once a line grows past `maxBytes` without ending. */
export class LineBuffer {
  readonly #maxBytes: number;
  #pending = "";

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  append(text: string): void {
    this.#pending += text;
  }

  /** The next whole line without its newline, or null until one has arrived. */
  take(): string | null {
    const newline = this.#pending.indexOf("\n");
    if (newline >= 0) {
      const line = this.#pending.slice(0, newline);
      this.#pending = this.#pending.slice(newline + 1);
      return line;
    }
    if (this.#pending.length > this.#maxBytes) {
      throw new RangeError(`Cannot read a line: longer than ${this.#maxBytes} bytes`);
    }
    return null;
  }
}

/** The lines of a stream, asynchronously (the analyzer's side of the pipe). */
export class LineReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #lines: LineBuffer;
  readonly #decoder = new TextDecoder();

  constructor(stream: ReadableStream<Uint8Array>, maxBytes: number) {
    this.#reader = stream.getReader();
    this.#lines = new LineBuffer(maxBytes);
  }

  /** The next line without its newline, or null at the end of the stream. Throws past the bound. */
  async next(): Promise<string | null> {
    for (;;) {
      const line = this.#lines.take();
      if (line !== null) return line;
      const { value, done } = await this.#reader.read();
      if (done) return null;
      this.#lines.append(this.#decoder.decode(value, { stream: true }));
    }
  }

  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}
