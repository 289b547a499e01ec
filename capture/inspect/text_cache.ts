/**
 * Strings made from wire bytes, remembered by those bytes: a DNS name or an address seen again
 * (and on a busy link the same few hundred are seen again and again) is handed out as the
 * string made the first time, so a repeated name allocates nothing. Set-associative: a key's
 * hash picks a set of `WAYS` slots, and a new key evicts the least recently used of them, so
 * memory stays `slots * maxKeyLen` bytes plus the strings whatever the traffic. (A
 * direct-mapped cache, one slot per hash, made two popular names that share a slot evict each
 * other on every packet: a new string, and a slower map lookup downstream, each time.)
 */

/** FNV-1a offset basis and prime, 32-bit (draft-eastlake-fnv section 2). */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;
/** Slots per set: four keys of one set fit together before one is evicted. */
export const WAYS = 4;

/**
 * FNV-1a hash of `bytes[at, at+len)`, as a signed 32-bit integer: one that V8 passes and
 * stores as a small integer, where an unsigned hash past 2^31 would be boxed in a new heap
 * number at each call that is not inlined.
 */
export function hashBytes(bytes: Uint8Array, at: number, len: number): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ bytes[at + i]!, FNV_PRIME);
  return h | 0;
}

export class TextCache {
  readonly #keys: Uint8Array;
  /** Key length per slot, -1 while empty. */
  readonly #lens: Int16Array;
  readonly #hashes: Int32Array;
  /** When each slot was last used, on the `#clock` scale: the smallest of a set is evicted. */
  readonly #used: Float64Array;
  readonly #texts: string[];
  readonly #ways: number;
  /** Picks a set from a hash; sets start at multiples of `#ways`. */
  readonly #setMask: number;
  readonly #maxKeyLen: number;
  #clock = 0;
  #hits = 0;

  /** `slots` must be a power of two; keys longer than `maxKeyLen` are never cached. */
  constructor(slots: number, maxKeyLen: number) {
    if (!Number.isInteger(Math.log2(slots))) {
      throw new RangeError(`Cannot size a text cache with ${slots} slots: not a power of two`);
    }
    this.#keys = new Uint8Array(slots * maxKeyLen);
    this.#lens = new Int16Array(slots).fill(-1);
    this.#hashes = new Int32Array(slots);
    this.#used = new Float64Array(slots);
    this.#texts = new Array<string>(slots).fill("");
    this.#ways = Math.min(WAYS, slots);
    this.#setMask = slots / this.#ways - 1;
    this.#maxKeyLen = maxKeyLen;
  }

  /** Lookups answered from the cache since construction (a test aid). */
  get hits(): number {
    return this.#hits;
  }

  /** The text remembered for the key `bytes[at, at+len)` whose hash is `hash`, if any. */
  get(bytes: Uint8Array, at: number, len: number, hash: number): string | undefined {
    const first = (hash & this.#setMask) * this.#ways;
    for (let slot = first; slot < first + this.#ways; slot++) {
      if (this.#hashes[slot] !== hash || this.#lens[slot] !== len) continue;
      if (!this.#same(slot, bytes, at, len)) continue;
      this.#hits++;
      this.#used[slot] = ++this.#clock;
      return this.#texts[slot];
    }
    return undefined;
  }

  /** Remember `text` for the key `bytes[at, at+len)`, evicting the set's least recently used. */
  set(bytes: Uint8Array, at: number, len: number, hash: number, text: string): void {
    if (len > this.#maxKeyLen) return;
    const first = (hash & this.#setMask) * this.#ways;
    let slot = first;
    for (let s = first + 1; s < first + this.#ways; s++) {
      if (this.#used[s]! < this.#used[slot]!) slot = s;
    }
    const keys = this.#keys;
    const base = slot * this.#maxKeyLen;
    for (let i = 0; i < len; i++) keys[base + i] = bytes[at + i]!;
    this.#lens[slot] = len;
    this.#hashes[slot] = hash;
    this.#used[slot] = ++this.#clock;
    this.#texts[slot] = text;
  }

  #same(slot: number, bytes: Uint8Array, at: number, len: number): boolean {
    const keys = this.#keys;
    const base = slot * this.#maxKeyLen;
    for (let i = 0; i < len; i++) {
      if (keys[base + i] !== bytes[at + i]) return false;
    }
    return true;
  }
}
