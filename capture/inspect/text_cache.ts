/**
 * Strings made from wire bytes, remembered by those bytes: a DNS name or an address seen again
 * (and on a busy link the same few hundred are seen again and again) is handed out as the
 * string made the first time, so a repeated name allocates nothing. Set-associative: a key's
 * hash picks a set of `WAYS` slots, and a new key evicts the least recently used of them, so
 * memory stays `slots * maxKeyLen` bytes plus the strings whatever the traffic. (A
 * direct-mapped cache, one slot per hash, made two popular names that share a slot evict each
 * other on every packet: a new string, and a slower map lookup downstream, each time.)
 *
 * Keys are read from a `DataView` four bytes at a time, both to hash and to compare: a name is
 * looked up once per DNS message, and a byte at a time made the lookup cost more than the walk
 * that found the name.
 */

/** Slots per set: four keys of one set fit together before one is evicted. */
export const WAYS = 4;
/**
 * Bytes read at once when hashing or comparing a key, little-endian: the order the CPUs we run
 * on load them in, so V8 emits a plain load without a byte swap.
 */
const WORD = 4;
const LITTLE_ENDIAN = true;
/** Odd multipliers of MurmurHash3's 32-bit mixer (public domain, Austin Appleby). */
const MIX_A = 0x85ebca6b;
const MIX_B = 0xc2b2ae35;
const SEED = 0x9747b28c;
/** `#meta` fields per slot, side by side so that one set's hashes and lengths share a line. */
const META_HASH = 0;
const META_LEN = 1;
const META_FIELDS = 2;

/**
 * Hash of the key `view[at, at+len)`, as a signed 32-bit integer: one that V8 passes and
 * stores as a small integer, where an unsigned hash past 2^31 would be boxed in a new heap
 * number at each call that is not inlined. Words, then the last `len % 4` bytes, each mixed
 * in and the result finished so that every input bit reaches the low bits that pick a set.
 */
export function hashKey(view: DataView, at: number, len: number): number {
  let h = SEED ^ len;
  const words = at + len - (len & (WORD - 1));
  let i = at;
  for (; i < words; i += WORD) {
    h = Math.imul(h ^ view.getInt32(i, LITTLE_ENDIAN), MIX_A);
    h ^= h >>> 15;
  }
  for (; i < at + len; i++) {
    h = Math.imul(h ^ view.getUint8(i), MIX_A);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), MIX_B);
  return h ^ (h >>> 13);
}

export class TextCache {
  readonly #keys: DataView;
  /** Per slot: the key's hash and its length (-1 while empty). */
  readonly #meta: Int32Array;
  /** When each slot was last used, on the `#clock` scale: the smallest of a set is evicted. */
  readonly #used: Float64Array;
  readonly #texts: string[];
  readonly #ways: number;
  /** Picks a set from a hash; sets start at multiples of `#ways`. */
  readonly #setMask: number;
  readonly #maxKeyLen: number;
  /** Bytes of `#keys` per slot: `maxKeyLen` rounded up to whole words. */
  readonly #stride: number;
  #clock = 0;
  #hits = 0;

  /** `slots` must be a power of two; keys longer than `maxKeyLen` are never cached. */
  constructor(slots: number, maxKeyLen: number) {
    if (!Number.isInteger(Math.log2(slots))) {
      throw new RangeError(`Cannot size a text cache with ${slots} slots: not a power of two`);
    }
    // Rounded up to whole words, so that a key compares word by word within its slot.
    const stride = Math.ceil(maxKeyLen / WORD) * WORD;
    this.#keys = new DataView(new ArrayBuffer(slots * stride));
    this.#meta = new Int32Array(slots * META_FIELDS);
    for (let s = 0; s < slots; s++) this.#meta[s * META_FIELDS + META_LEN] = -1;
    this.#used = new Float64Array(slots);
    this.#texts = new Array<string>(slots).fill("");
    this.#ways = Math.min(WAYS, slots);
    this.#setMask = slots / this.#ways - 1;
    this.#maxKeyLen = maxKeyLen;
    this.#stride = stride;
  }

  /** Lookups answered from the cache since construction (a test aid). */
  get hits(): number {
    return this.#hits;
  }

  /** The text remembered for the key `view[at, at+len)` whose `hashKey()` is `hash`, if any. */
  get(view: DataView, at: number, len: number, hash: number): string | undefined {
    const first = (hash & this.#setMask) * this.#ways;
    const meta = this.#meta;
    for (let slot = first; slot < first + this.#ways; slot++) {
      const m = slot * META_FIELDS;
      if (meta[m + META_HASH] !== hash || meta[m + META_LEN] !== len) continue;
      if (!this.#same(slot, view, at, len)) continue;
      this.#hits++;
      this.#used[slot] = ++this.#clock;
      return this.#texts[slot];
    }
    return undefined;
  }

  /** Remember `text` for the key `view[at, at+len)`, evicting the set's least recently used. */
  set(view: DataView, at: number, len: number, hash: number, text: string): void {
    if (len > this.#maxKeyLen) return;
    const first = (hash & this.#setMask) * this.#ways;
    let slot = first;
    for (let s = first + 1; s < first + this.#ways; s++) {
      if (this.#used[s]! < this.#used[slot]!) slot = s;
    }
    const keys = this.#keys;
    const base = slot * this.#stride;
    for (let i = 0; i < len; i++) keys.setUint8(base + i, view.getUint8(at + i));
    const m = slot * META_FIELDS;
    this.#meta[m + META_HASH] = hash;
    this.#meta[m + META_LEN] = len;
    this.#used[slot] = ++this.#clock;
    this.#texts[slot] = text;
  }

  #same(slot: number, view: DataView, at: number, len: number): boolean {
    const keys = this.#keys;
    const base = slot * this.#stride;
    const words = len - (len & (WORD - 1));
    let i = 0;
    for (; i < words; i += WORD) {
      if (keys.getInt32(base + i, LITTLE_ENDIAN) !== view.getInt32(at + i, LITTLE_ENDIAN)) {
        return false;
      }
    }
    for (; i < len; i++) {
      if (keys.getUint8(base + i) !== view.getUint8(at + i)) return false;
    }
    return true;
  }
}
