/**
 * Lines from a byte stream, each at most `maxBytes`: the helper's pipe carries one JSON object
 * per line, and neither side may be made to buffer without bound by the other.
 */
export class LineReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #maxBytes: number;
  readonly #decoder = new TextDecoder();
  #pending = "";

  constructor(stream: ReadableStream<Uint8Array>, maxBytes: number) {
    this.#reader = stream.getReader();
    this.#maxBytes = maxBytes;
  }

  /** The next line without its newline, or null at the end of the stream. Throws past the bound. */
  async next(): Promise<string | null> {
    for (;;) {
      const newline = this.#pending.indexOf("\n");
      if (newline >= 0) {
        const line = this.#pending.slice(0, newline);
        this.#pending = this.#pending.slice(newline + 1);
        return line;
      }
      if (this.#pending.length > this.#maxBytes) {
        throw new RangeError(`Cannot read a line: longer than ${this.#maxBytes} bytes`);
      }
      const { value, done } = await this.#reader.read();
      if (done) return null;
      this.#pending += this.#decoder.decode(value, { stream: true });
    }
  }

  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}
