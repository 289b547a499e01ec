/**
 * A bounded map from fixed-width binary keys to small integer ids, with no per-entry objects.
 *
 * Keys are `width` unsigned 32-bit words (an IPv4 host is one address word, a flow is both
 * addresses, the ports and the protocol). Entries live in preallocated typed arrays indexed by
 * id, so a table holding 65,536 flows is a handful of flat buffers instead of 65,536 objects the
 * garbage collector must trace. Lookups use linear probing on a slot array at most half full, and
 * deletion shifts later entries back instead of leaving tombstones (Knuth, TAOCP vol. 3, 6.4,
 * algorithm R), so probe chains never degrade however many entries come and go. Each slot holds
 * the entry's hash beside its id, so a probe rejects other keys, and deletion finds home slots,
 * without touching the per-entry arrays: a lookup costs the slot's cache line plus the key's.
 * Matching compares the whole key after the hash, so two keys that collide stay distinct.
 *
 * The keys may live in the owner's own per-entry records (a key store with a stride), so that
 * the compare and the owner's update of the entry share cache lines.
 */

/** Largest number of entries one index may hold: ids and slots must fit an Int32Array. */
export const MAX_INDEX_CAPACITY = 1 << 24;

const EMPTY = 0;
const SLOT_WORDS = 2;

export class KeyIndex {
  /** Words per key. */
  readonly width: number;
  /** Most entries the index holds; `insert()` reports -1 beyond it. */
  readonly capacity: number;
  /** Key words of entry `id` at `[keyBase(id), keyBase(id) + width)`. */
  readonly keys: Uint32Array;
  /** Words from one entry's key to the next in `keys`: `width`, or the owner's record size. */
  readonly keyStride: number;
  /** Hash of entry `id`, kept so deletion and resizing never rehash. */
  readonly hashes: Uint32Array;
  /**
   * Slot table, two words per slot: `id + 1` (0 for empty, so a fresh, untouched buffer is an
   * empty table), then the entry's hash.
   */
  readonly #slots: Int32Array;
  readonly #mask: number;
  /** 1 while entry `id` is live. */
  readonly #live: Uint8Array;
  /** Free-list links between released ids. */
  readonly #nextFree: Int32Array;
  #freeHead = -1;
  /** Ids below this have been handed out at least once. */
  #highWater = 0;
  #size = 0;

  /**
   * An index of `capacity` keys of `width` words. By default the keys get an array of their
   * own; an owner may pass `keys` with `keyStride` words per entry to keep each key in its own
   * record (words `[id * keyStride, id * keyStride + width)` belong to the index).
   */
  constructor(width: number, capacity: number, keys?: Uint32Array, keyStride = width) {
    if (!Number.isInteger(width) || width < 1) {
      throw new RangeError(
        `Cannot create key index: width must be a positive integer, got ${width}`,
      );
    }
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_INDEX_CAPACITY) {
      throw new RangeError(
        `Cannot create key index: capacity must be an integer from 1 to ${MAX_INDEX_CAPACITY}, got ${capacity}`,
      );
    }
    if (!Number.isInteger(keyStride) || keyStride < width) {
      throw new RangeError(
        `Cannot create key index: key stride must be an integer of at least ${width}, got ${keyStride}`,
      );
    }
    if (keys !== undefined && keys.length < (capacity - 1) * keyStride + width) {
      throw new RangeError(
        `Cannot create key index: the key store is too short for ${capacity} entries`,
      );
    }
    this.width = width;
    this.capacity = capacity;
    this.keyStride = keyStride;
    this.keys = keys ?? new Uint32Array(keyStride * capacity);
    this.hashes = new Uint32Array(capacity);
    // At most half full, so an empty slot always ends a probe and chains stay short.
    let slotCount = 2;
    while (slotCount < capacity * 2) slotCount *= 2;
    this.#slots = new Int32Array(slotCount * SLOT_WORDS);
    this.#mask = slotCount - 1;
    this.#live = new Uint8Array(capacity);
    this.#nextFree = new Int32Array(capacity);
  }

  /** Number of live entries. */
  get size(): number {
    return this.#size;
  }

  /** True when `insert()` would fail. */
  get full(): boolean {
    return this.#size >= this.capacity;
  }

  /** True when `id` currently names an entry. */
  isLive(id: number): boolean {
    return this.#live[id] === 1;
  }

  /** Index in `keys` of entry `id`'s first key word. */
  keyBase(id: number): number {
    return id * this.keyStride;
  }

  /** The id holding `key` (first `width` words of `key`), or -1. */
  find(key: Uint32Array, hash: number): number {
    const mask = this.#mask;
    const slots = this.#slots;
    for (let i = hash & mask, n = 0; n <= mask; i = (i + 1) & mask, n++) {
      const s = slots[i * SLOT_WORDS]!;
      if (s === EMPTY) return -1;
      // `| 0`: the slot table is an Int32Array, and a caller may pass any 32-bit hash.
      if (slots[i * SLOT_WORDS + 1] === (hash | 0) && this.#equals(s - 1, key)) return s - 1;
    }
    return -1;
  }

  /** Add `key`, which must not be present. Returns its new id, or -1 when the index is full. */
  insert(key: Uint32Array, hash: number): number {
    if (this.#size >= this.capacity) return -1;
    let id: number;
    if (this.#freeHead >= 0) {
      id = this.#freeHead;
      this.#freeHead = this.#nextFree[id]!;
    } else {
      id = this.#highWater++;
    }
    const w = this.width;
    const base = id * this.keyStride;
    for (let j = 0; j < w; j++) this.keys[base + j] = key[j]!;
    this.hashes[id] = hash;
    this.#live[id] = 1;
    const mask = this.#mask;
    let i = hash & mask;
    while (this.#slots[i * SLOT_WORDS] !== EMPTY) i = (i + 1) & mask;
    this.#slots[i * SLOT_WORDS] = id + 1;
    this.#slots[i * SLOT_WORDS + 1] = hash | 0;
    this.#size++;
    return id;
  }

  /** Remove entry `id` and release the id for reuse. Does nothing for an id that is not live. */
  remove(id: number): void {
    if (this.#live[id] !== 1) return;
    const mask = this.#mask;
    const slots = this.#slots;
    let i = this.hashes[id]! & mask;
    while (slots[i * SLOT_WORDS] !== id + 1) i = (i + 1) & mask;
    // Backward-shift deletion: pull later members of the cluster into the hole when their home
    // slot does not lie cyclically in (hole, current].
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const s = slots[j * SLOT_WORDS]!;
      if (s === EMPTY) break;
      const home = slots[j * SLOT_WORDS + 1]! & mask;
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      slots[i * SLOT_WORDS] = s;
      slots[i * SLOT_WORDS + 1] = slots[j * SLOT_WORDS + 1]!;
      i = j;
    }
    slots[i * SLOT_WORDS] = EMPTY;
    this.#live[id] = 0;
    this.#nextFree[id] = this.#freeHead;
    this.#freeHead = id;
    this.#size--;
  }

  /** Remove every entry. */
  clear(): void {
    this.#slots.fill(EMPTY);
    this.#live.fill(0);
    this.#freeHead = -1;
    this.#highWater = 0;
    this.#size = 0;
  }

  /** Ids handed out so far; live ids are all below it (iterate `0..highWater` with `isLive`). */
  get highWater(): number {
    return this.#highWater;
  }

  #equals(id: number, key: Uint32Array): boolean {
    const w = this.width;
    const keys = this.keys;
    const base = id * this.keyStride;
    for (let j = 0; j < w; j++) {
      if (keys[base + j] !== key[j]) return false;
    }
    return true;
  }
}
