/**
 * Bounded maps that forget the least recently used key when full.
 *
 * `LruSlots` numbers its keys: a key keeps its slot while it stays, and a new key takes the slot
 * of the one it evicts, so a user can keep what it knows per key in arrays of its own indexed
 * by slot (typed arrays for numbers: the name cache files a name per DNS answer address, and a
 * lookup there should cost a `Map` probe and a few array writes, not a walk over objects).
 * Recency is a doubly linked list over slot numbers, oldest first: a hit moves one slot to the
 * end of it in O(1) and allocates nothing. `LruCache` is the plain key -> value map on top.
 */

/** The link of a slot with no neighbour on that side. */
const NONE = -1;
/** Slots allocated at first; arrays double from here up to the capacity as keys arrive. */
const INITIAL_SLOTS = 256;

export class LruSlots<K> {
  readonly #slotOf = new Map<K, number>();
  /** The key in each slot; slots past `#used` were never handed out. */
  readonly #keys: K[] = [];
  #older = new Int32Array(0);
  #newer = new Int32Array(0);
  /** Slots of deleted keys, handed out again before any new one. */
  readonly #free: number[] = [];
  #oldest = NONE;
  #newest = NONE;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Cannot create LRU cache: capacity ${capacity} is not a positive integer`,
      );
    }
  }

  /** Slots handed out so far: a user's per-slot arrays need this many entries. */
  get slots(): number {
    return this.#keys.length;
  }

  /** The slot of `key`, marking it most recently used; -1 when absent. */
  use(key: K): number {
    const slot = this.#slotOf.get(key);
    if (slot === undefined) return NONE;
    if (slot !== this.#newest) {
      this.#unlink(slot);
      this.#append(slot);
    }
    return slot;
  }

  /** The slot of `key` without touching its recency; -1 when absent. */
  peek(key: K): number {
    return this.#slotOf.get(key) ?? NONE;
  }

  /**
   * Give `key`, which must be absent, a slot as the most recently used key: a deleted key's, a
   * new one, or when full the least recently used key's, which is forgotten.
   */
  add(key: K): number {
    let slot = this.#free.pop();
    if (slot === undefined) {
      if (this.#keys.length < this.capacity) {
        slot = this.#keys.length;
        if (slot === this.#older.length) this.#grow();
        this.#keys.push(key);
      } else {
        slot = this.#oldest;
        this.#slotOf.delete(this.#keys[slot]!);
        this.#unlink(slot);
      }
    }
    this.#keys[slot] = key;
    this.#slotOf.set(key, slot);
    this.#append(slot);
    return slot;
  }

  /** Forget `key`; its slot goes to the next new key. */
  delete(key: K): boolean {
    const slot = this.#slotOf.get(key);
    if (slot === undefined) return false;
    this.#slotOf.delete(key);
    this.#unlink(slot);
    this.#free.push(slot);
    return true;
  }

  clear(): void {
    this.#slotOf.clear();
    this.#keys.length = this.#free.length = 0;
    this.#oldest = this.#newest = NONE;
  }

  get size(): number {
    return this.#slotOf.size;
  }

  /** Keys from least to most recently used. */
  *keys(): IterableIterator<K> {
    for (let slot = this.#oldest; slot !== NONE; slot = this.#newer[slot] ?? NONE) {
      yield this.#keys[slot]!;
    }
  }

  #grow(): void {
    const length = Math.min(this.capacity, Math.max(INITIAL_SLOTS, 2 * this.#older.length));
    const older = new Int32Array(length);
    const newer = new Int32Array(length);
    older.set(this.#older);
    newer.set(this.#newer);
    this.#older = older;
    this.#newer = newer;
  }

  #unlink(slot: number): void {
    const older = this.#older[slot] ?? NONE;
    const newer = this.#newer[slot] ?? NONE;
    if (older === NONE) this.#oldest = newer;
    else this.#newer[older] = newer;
    if (newer === NONE) this.#newest = older;
    else this.#older[newer] = older;
  }

  #append(slot: number): void {
    this.#older[slot] = this.#newest;
    this.#newer[slot] = NONE;
    if (this.#newest === NONE) this.#oldest = slot;
    else this.#newer[this.#newest] = slot;
    this.#newest = slot;
  }
}

/** A bounded map that forgets the least recently used entry when full. */
export class LruCache<K, V> {
  readonly #slots: LruSlots<K>;
  /** The value in each slot of `#slots`. */
  readonly #values: (V | undefined)[] = [];

  constructor(readonly capacity: number) {
    this.#slots = new LruSlots<K>(capacity);
  }

  /** The value for `key`, marking it most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const slot = this.#slots.use(key);
    return slot < 0 ? undefined : this.#values[slot];
  }

  /** The value for `key` without touching its recency. */
  peek(key: K): V | undefined {
    const slot = this.#slots.peek(key);
    return slot < 0 ? undefined : this.#values[slot];
  }

  has(key: K): boolean {
    return this.#slots.peek(key) >= 0;
  }

  /** Store `value` as most recently used, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    const slot = this.#slots.use(key);
    this.#values[slot < 0 ? this.#slots.add(key) : slot] = value;
  }

  delete(key: K): boolean {
    const slot = this.#slots.peek(key);
    if (slot < 0) return false;
    // Let go of the value now rather than when the slot is reused.
    this.#values[slot] = undefined;
    return this.#slots.delete(key);
  }

  clear(): void {
    this.#slots.clear();
    this.#values.length = 0;
  }

  get size(): number {
    return this.#slots.size;
  }

  /** Keys from least to most recently used. */
  keys(): IterableIterator<K> {
    return this.#slots.keys();
  }
}
