/**
 * Strings made from wire bytes, remembered by those bytes: a DNS name or an address seen again
 * (and on a busy link the same few hundred are seen again and again) is handed out as the
 * string made the first time, so a repeated name allocates nothing. Direct-mapped: a key's
 * hash picks one slot, a newer key evicts an older one that lands on it, so memory stays
 * `slots * maxKeyLen` bytes plus the strings whatever the traffic.
 */

/** FNV-1a offset basis and prime, 32-bit (draft-eastlake-fnv section 2). */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a hash of `bytes[at, at+len)`. */
export function hashBytes(bytes: Uint8Array, at: number, len: number): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ bytes[at + i]!, FNV_PRIME);
  return h >>> 0;
}

export class TextCache {
  readonly #keys: Uint8Array;
  /** Key length per slot, -1 while empty. */
  readonly #lens: Int16Array;
  readonly #texts: string[];
  readonly #mask: number;
  readonly #maxKeyLen: number;
  #hits = 0;

  /** `slots` must be a power of two; keys longer than `maxKeyLen` are never cached. */
  constructor(slots: number, maxKeyLen: number) {
    if (!Number.isInteger(Math.log2(slots))) {
      throw new RangeError(`Cannot size a text cache with ${slots} slots: not a power of two`);
    }
    this.#keys = new Uint8Array(slots * maxKeyLen);
    this.#lens = new Int16Array(slots).fill(-1);
    this.#texts = new Array<string>(slots).fill("");
    this.#mask = slots - 1;
    this.#maxKeyLen = maxKeyLen;
  }

  /** Lookups answered from the cache since construction (a test aid). */
  get hits(): number {
    return this.#hits;
  }

  /** The text remembered for the key `bytes[at, at+len)` whose hash is `hash`, if any. */
  get(bytes: Uint8Array, at: number, len: number, hash: number): string | undefined {
    const slot = hash & this.#mask;
    if (this.#lens[slot] !== len) return undefined;
    const keys = this.#keys;
    const base = slot * this.#maxKeyLen;
    for (let i = 0; i < len; i++) {
      if (keys[base + i] !== bytes[at + i]) return undefined;
    }
    this.#hits++;
    return this.#texts[slot];
  }

  /** Remember `text` for the key `bytes[at, at+len)`, evicting what its slot held. */
  set(bytes: Uint8Array, at: number, len: number, hash: number, text: string): void {
    if (len > this.#maxKeyLen) return;
    const slot = hash & this.#mask;
    const keys = this.#keys;
    const base = slot * this.#maxKeyLen;
    for (let i = 0; i < len; i++) keys[base + i] = bytes[at + i]!;
    this.#lens[slot] = len;
    this.#texts[slot] = text;
  }
}
