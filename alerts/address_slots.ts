/**
 * `KeySlots` whose slots also remember one or more addresses (a source, a target...), copied
 * once when the slot is created, so an alert can name its subject without the detector keeping
 * strings per packet.
 */
import { formatAddress } from "../net/ip_format.ts";
import { KEY_MASK, KeySlots } from "./key_slots.ts";

const ADDRESS_BYTES = 16;

/** The 30-bit key (`KEY_MASK`) of an address: a hash of its 4 or 16 bytes. */
export function addressKey(bytes: Uint8Array, len: number): number {
  let h: number;
  if (len === 4) {
    h = bytes[0]! << 24 | bytes[1]! << 16 | bytes[2]! << 8 | bytes[3]!;
  } else {
    // FNV-1a over the bytes, then the same finaliser.
    h = 0x811c9dc5 | 0;
    for (let i = 0; i < len; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & KEY_MASK;
}

export class AddressSlots extends KeySlots {
  /** Addresses remembered per slot. */
  readonly addressesPerSlot: number;
  readonly #bytes: Uint8Array;
  readonly #lengths: Uint8Array;

  constructor(capacity: number, addressesPerSlot = 1) {
    super(capacity);
    this.addressesPerSlot = addressesPerSlot;
    this.#bytes = new Uint8Array(capacity * addressesPerSlot * ADDRESS_BYTES);
    this.#lengths = new Uint8Array(capacity * addressesPerSlot);
  }

  /** Remember address number `which` of `slot` (call when `created`). */
  setAddress(slot: number, which: number, bytes: Uint8Array, len: number): void {
    const at = slot * this.addressesPerSlot + which;
    this.#lengths[at] = len;
    const base = at * ADDRESS_BYTES;
    for (let i = 0; i < len; i++) this.#bytes[base + i] = bytes[i]!;
  }

  /** Address number `which` of `slot` as text ("" when never set). */
  addressText(slot: number, which = 0): string {
    const at = slot * this.addressesPerSlot + which;
    const len = this.#lengths[at]!;
    return len === 0 ? "" : formatAddress(this.#bytes, len, at * ADDRESS_BYTES);
  }
}
