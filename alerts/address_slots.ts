/**
 * `KeySlots` whose slots also remember one or more addresses (a source, a target...), copied
 * once when the slot is created, so an alert can name its subject without the detector keeping
 * strings per packet.
 */
import { formatAddress } from "../net/ip_format.ts";
import { KeySlots } from "./key_slots.ts";

const ADDRESS_BYTES = 16;

/** The 32-bit key of an address: IPv4 is its own value, IPv6 a hash of its 16 bytes. */
export function addressKey(bytes: Uint8Array, len: number): number {
  if (len === 4) return (bytes[0]! << 24 | bytes[1]! << 16 | bytes[2]! << 8 | bytes[3]!) >>> 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  // Kept off the IPv4 values a little: an IPv6 hash equal to an IPv4 address would merge them.
  return (h ^ 0x6a09e667) >>> 0;
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
