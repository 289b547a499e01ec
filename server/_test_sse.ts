/**
 * Test helper: read a `text/event-stream` body one message at a time. Only for tests; it
 * understands the fields the hub writes (event, id, data, retry, comments).
 */

export interface SseMessage {
  event?: string;
  id?: string;
  data?: string;
  retry?: number;
  comment?: string;
}

export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = "";

  constructor(body: ReadableStream<Uint8Array>) {
    this.#reader = body.getReader();
  }

  /** The next message, or null when the stream ended. */
  async next(): Promise<SseMessage | null> {
    while (!this.#buffer.includes("\n\n")) {
      const { value, done } = await this.#reader.read();
      if (done) return null;
      this.#buffer += this.#decoder.decode(value, { stream: true });
    }
    const end = this.#buffer.indexOf("\n\n");
    const block = this.#buffer.slice(0, end);
    this.#buffer = this.#buffer.slice(end + 2);
    const m: SseMessage = {};
    for (const line of block.split("\n")) {
      if (line.startsWith(": ")) m.comment = line.slice(2);
      else if (line.startsWith("event: ")) m.event = line.slice(7);
      else if (line.startsWith("id: ")) m.id = line.slice(4);
      else if (line.startsWith("data: ")) m.data = line.slice(6);
      else if (line.startsWith("retry: ")) m.retry = Number(line.slice(7));
    }
    return m;
  }

  /** The next message that is an event (skipping retry hints and comments). */
  async nextEvent(): Promise<SseMessage | null> {
    for (;;) {
      const m = await this.next();
      if (m === null || m.event !== undefined) return m;
    }
  }

  cancel(): Promise<void> {
    return this.#reader.cancel();
  }
}
