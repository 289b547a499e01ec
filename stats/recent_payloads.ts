/**
 * The first bytes of the recent packets' payloads, kept only when the user asked (`--payload N`)
 * and only here: beside the recent-packet list, in lockstep with it, for the packet detail.
 * Nothing else (flows, exports, the history database, `-w`) ever sees these bytes.
 *
 * Bytes are copied in from the packet's `kept` view (filled from the capture worker's payload
 * ring) into one preallocated block, with a byte loop of at most `bytesPerPacket`: no
 * allocation per packet.
 */
import type { DecodedPacket } from "../capture/decode/packet.ts";

/**
 * Most payload bytes kept per packet: enough for a request line or a protocol's magic and
 * first fields, and the list stays at most RECENT_PACKETS x 256 bytes (256 KB by default).
 */
export const MAX_KEPT_PAYLOAD_BYTES = 256;

/** One packet's kept payload, as `/api/packets/payload` serves it. */
export interface PacketPayload {
  /** The packet's `seq` in the recent-packet list. */
  seq: number;
  /** Payload bytes the packet carried in the capture (may exceed what was kept). */
  captured: number;
  /** The first `min(captured, --payload)` bytes, as lowercase hex. */
  hex: string;
}

export class RecentPayloads {
  readonly capacity: number;
  readonly bytesPerPacket: number;
  #next = 0;
  readonly #seq: Float64Array;
  readonly #length: Uint16Array;
  readonly #captured: Uint32Array;
  readonly #bytes: Uint8Array;

  constructor(capacity: number, bytesPerPacket: number) {
    if (!Number.isInteger(bytesPerPacket) || bytesPerPacket < 1) {
      throw new RangeError(`Cannot keep ${bytesPerPacket} payload bytes: must be at least 1`);
    }
    if (bytesPerPacket > MAX_KEPT_PAYLOAD_BYTES) {
      throw new RangeError(
        `Cannot keep ${bytesPerPacket} payload bytes: at most ${MAX_KEPT_PAYLOAD_BYTES}`,
      );
    }
    this.capacity = capacity;
    this.bytesPerPacket = bytesPerPacket;
    this.#seq = new Float64Array(capacity).fill(-1);
    this.#length = new Uint16Array(capacity);
    this.#captured = new Uint32Array(capacity);
    this.#bytes = new Uint8Array(capacity * bytesPerPacket);
  }

  /** Keep the first bytes of `p`'s payload (its `kept` view), numbered `seq`, over the oldest. */
  push(p: DecodedPacket, seq: number): void {
    const i = this.#next;
    this.#next = i + 1 === this.capacity ? 0 : i + 1;
    this.#seq[i] = seq;
    const n = p.keptLength < this.bytesPerPacket ? p.keptLength : this.bytesPerPacket;
    this.#length[i] = n;
    this.#captured[i] = p.keptOf;
    const from = p.kept;
    const at = p.keptOffset;
    const bytes = this.#bytes;
    const base = i * this.bytesPerPacket;
    for (let k = 0; k < n; k++) bytes[base + k] = from[at + k]!;
  }

  /** The kept payload of packet `seq`, or null once it has left the list (or was never in). */
  payload(seq: number): PacketPayload | null {
    for (let i = 0; i < this.capacity; i++) {
      if (this.#seq[i] !== seq) continue;
      const base = i * this.bytesPerPacket;
      let hex = "";
      for (let k = 0; k < this.#length[i]!; k++) {
        hex += this.#bytes[base + k]!.toString(16).padStart(2, "0");
      }
      return { seq, captured: this.#captured[i]!, hex };
    }
    return null;
  }
}
