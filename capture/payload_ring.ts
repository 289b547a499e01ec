/**
 * The first bytes of each packet's payload beside the packet ring, only when `--payload N` asked
 * for them: slot `seq & mask` here belongs to the record with sequence number `seq` there, so the
 * worker writes both before it publishes and the main thread reads both before it releases.
 *
 * Layout of the shared buffer: per slot, two 32-bit words (bytes kept, payload bytes captured),
 * then `bytesPerPacket` bytes. Writing copies at most `bytesPerPacket` bytes with a byte loop,
 * never past the frame's `caplen`: no allocation per packet.
 */
import type { DecodedPacket } from "./decode/packet.ts";

const HEADER_BYTES = 8;

export class PayloadRing {
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number;
  readonly bytesPerPacket: number;
  /** The whole buffer as bytes: what `DecodedPacket.kept` points into on the main thread. */
  readonly bytes: Uint8Array;
  readonly #words: Uint32Array;
  readonly #stride: number;
  readonly #mask: number;

  /** A ring for `capacity` packets (main thread), or one attached to its buffer (worker). */
  constructor(capacity: number, bytesPerPacket: number, buffer?: SharedArrayBuffer) {
    if (!Number.isInteger(Math.log2(capacity))) {
      throw new RangeError(`Payload ring capacity must be a power of two, got ${capacity}`);
    }
    this.capacity = capacity;
    this.bytesPerPacket = bytesPerPacket;
    // Whole words per slot, so each slot's header stays aligned.
    this.#stride = HEADER_BYTES + Math.ceil(bytesPerPacket / 4) * 4;
    this.buffer = buffer ?? new SharedArrayBuffer(capacity * this.#stride);
    this.bytes = new Uint8Array(this.buffer);
    this.#words = new Uint32Array(this.buffer);
    this.#mask = capacity - 1;
  }

  /**
   * Worker: keep the first bytes of `packet`'s transport payload (as decoded from `data`) in
   * the slot of sequence number `seq`; a packet without one keeps nothing.
   */
  write(seq: number, data: DataView, frameEnd: number, packet: DecodedPacket): void {
    const slot = (seq & this.#mask) * this.#stride;
    const start = packet.payloadOffset;
    let n = packet.payloadCaptured > 0 ? packet.payloadCaptured : 0;
    if (n > this.bytesPerPacket) n = this.bytesPerPacket;
    // The decoder never points past the frame, and this never reads past it either way.
    if (start + n > frameEnd) n = frameEnd > start ? frameEnd - start : 0;
    this.#words[slot >> 2] = n;
    this.#words[(slot >> 2) + 1] = n > 0 ? packet.payloadCaptured : 0;
    const bytes = this.bytes;
    const base = slot + HEADER_BYTES;
    for (let k = 0; k < n; k++) bytes[base + k] = data.getUint8(start + k);
  }

  /** Main thread: point `packet.kept` at the slot of `seq` (no copy). */
  read(seq: number, packet: DecodedPacket): void {
    const slot = (seq & this.#mask) * this.#stride;
    packet.kept = this.bytes;
    packet.keptOffset = slot + HEADER_BYTES;
    packet.keptLength = this.#words[slot >> 2]!;
    packet.keptOf = this.#words[(slot >> 2) + 1]!;
  }
}
