/**
 * One connection's Initial CRYPTO stream (RFC 9001 section 4.1.3): frames may arrive in any
 * order, repeat, and spread over several Initial packets (a ClientHello with post-quantum key
 * shares outgrows one). Bytes are written at their stream offset and a per-byte bitmap tracks
 * which arrived, until the ClientHello at offset 0 is whole.
 */
import type { CryptoSink } from "./quic_frames.ts";
import {
  handshakeMessageLength,
  HelloParse,
  parseClientHello,
  SniSpan,
} from "./tls_client_hello.ts";

export class CryptoStream implements CryptoSink {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #have: Uint8Array;
  /** Length of the prefix received without a hole. */
  #contiguous = 0;
  /** True once the ClientHello was read, or found unreadable. */
  done = false;
  lastSeen = 0;
  readonly version: number;

  constructor(capacity: number, version: number) {
    this.#bytes = new Uint8Array(capacity);
    this.#view = new DataView(this.#bytes.buffer);
    this.#have = new Uint8Array(Math.ceil(capacity / 8));
    this.version = version;
  }

  /** Store a CRYPTO frame's data; what lies past the capacity is dropped. */
  crypto(offset: number, data: DataView, start: number, length: number): void {
    const cap = this.#bytes.length;
    if (this.done || offset >= cap) return;
    const stop = Math.min(offset + length, cap);
    for (let i = offset; i < stop; i++) {
      this.#bytes[i] = data.getUint8(start + i - offset);
      this.#have[i >> 3] = this.#have[i >> 3]! | (1 << (i & 7));
    }
    let c = this.#contiguous;
    while (c < cap && (this.#have[c >> 3]! & (1 << (c & 7))) !== 0) c++;
    this.#contiguous = c;
  }

  /**
   * Parse the ClientHello if it is whole, into `out`; sets `done` when it was read (or can
   * never be: too long, or not a ClientHello). Returns whether `out` now holds a name.
   */
  readHello(out: SniSpan): boolean {
    if (this.done) return false;
    const need = handshakeMessageLength(this.#view, 0, this.#contiguous);
    if (need > this.#bytes.length) {
      this.done = true;
      return false;
    }
    if (need < 0 || this.#contiguous < need) return false;
    const status = parseClientHello(this.#view, 0, need, out);
    if (status === HelloParse.incomplete) return false;
    this.done = true;
    return status === HelloParse.complete && out.sniStart >= 0;
  }

  get view(): DataView {
    return this.#view;
  }
}
