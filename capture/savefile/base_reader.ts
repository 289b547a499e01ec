/**
 * What the pcap and pcapng readers share: the current-packet fields, the sticky error, close().
 */

import type { ChunkedInput } from "./chunked_input.ts";
import { SavefileError } from "./savefile_error.ts";
import type { SavefileFormat, SavefileReader } from "./savefile_cursor.ts";

/** A `SavefileReader` whose subclasses only parse: `advance()` fills the fields or says EOF. */
export abstract class BaseReader implements SavefileReader {
  abstract readonly format: SavefileFormat;
  linkType = 0;
  snaplen = 0;
  data: DataView;
  offset = 0;
  caplen = 0;
  wireLen = 0;
  tsSec = 0;
  tsNsec = 0;
  packetLinkType = 0;
  interfaceId = 0;
  protected readonly input: ChunkedInput;
  #failure: SavefileError | undefined;
  #done = false;

  constructor(input: ChunkedInput) {
    this.input = input;
    this.data = input.view;
  }

  next(): boolean {
    if (this.#done) return false;
    if (this.#failure !== undefined) throw this.#failure;
    try {
      if (this.advance()) return true;
    } catch (error) {
      // The same error again on every later call: the damage does not go away.
      if (error instanceof SavefileError) this.#failure = error;
      throw error;
    }
    this.#done = true;
    return false;
  }

  close(): void {
    this.#done = true;
    this.caplen = 0;
    this.input.close();
    this.data = this.input.view;
  }

  /** Parses the next packet into the fields and returns true, or returns false at a clean end
   * of input. Throws `SavefileError` on damage. */
  protected abstract advance(): boolean;
}
