/**
 * A bounded map from 32-bit keys to dense slot numbers, cleared in O(1): the detectors' per-window
 * tables (sources, pairs, probed ports) index typed arrays by the slot. It allocates only in its
 * constructor, so counting a packet costs a few array reads and no garbage.
 *
 * Keys are 30-bit hashes (`KEY_MASK`); two subjects whose keys collide share a slot, which can
 * only merge two counts: at the capacities used (thousands of slots, 2^30 keys) it is rare, and
 * it never grows memory. When the map is full, new keys are refused (`-1`) and
 * `refused` counts them, so evidence can say what was left out.
 */

/**
 * Keys are 30-bit: V8 keeps integers below 2^30 as small integers, while a larger one passed
 * to a function that is not inlined becomes a heap number, which would allocate per packet.
 */
export const KEY_MASK = 0x3fff_ffff;

/**
 * MurmurHash3's 32-bit finaliser, cut to a 30-bit key: spreads nearby values over the table.
 * Callers pass 32-bit integers computed in place (never a value returned by another call).
 */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & KEY_MASK;
}

/** One key from two 30-bit keys (order matters). */
export function combine(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & KEY_MASK;
}

/** How full one capped table is. */
export interface TableUse {
  size: number;
  capacity: number;
  /** Keys refused since the table was last cleared. */
  refused: number;
}

export function slotUse(slots: KeySlots): TableUse {
  return { size: slots.size, capacity: slots.capacity, refused: slots.refused };
}

export class KeySlots {
  /** Most keys held at once. */
  readonly capacity: number;
  /** Keys held since the last `clear()`. */
  size = 0;
  /** Keys refused since the last `clear()` because the map was full. */
  refused = 0;
  /** True when the last `find()` created its slot. */
  created = false;
  readonly #mask: number;
  readonly #cellSlot: Int32Array;
  readonly #cellGen: Uint32Array;
  readonly #slotKey: Uint32Array;
  #gen = 1;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`Invalid slot capacity ${capacity}: use an integer >= 1`);
    }
    this.capacity = capacity;
    let cells = 1;
    // Twice the capacity keeps probe chains short even when full.
    while (cells < capacity * 2) cells *= 2;
    this.#mask = cells - 1;
    this.#cellSlot = new Int32Array(cells);
    this.#cellGen = new Uint32Array(cells);
    this.#slotKey = new Uint32Array(capacity);
  }

  /** The slot of `key`, created if new and there is room; -1 when full. */
  find(key: number): number {
    const mask = this.#mask;
    const gen = this.#gen;
    let cell = mix32(key) & mask;
    for (;;) {
      if (this.#cellGen[cell] !== gen) break;
      const slot = this.#cellSlot[cell]!;
      if (this.#slotKey[slot] === key) {
        this.created = false;
        return slot;
      }
      cell = (cell + 1) & mask;
    }
    this.created = false;
    if (this.size >= this.capacity) {
      this.refused++;
      return -1;
    }
    const slot = this.size++;
    this.#cellGen[cell] = gen;
    this.#cellSlot[cell] = slot;
    this.#slotKey[slot] = key;
    this.created = true;
    return slot;
  }

  /** The slot of `key`, or -1 when it is not held (never creates). */
  get(key: number): number {
    const mask = this.#mask;
    const gen = this.#gen;
    let cell = mix32(key) & mask;
    while (this.#cellGen[cell] === gen) {
      const slot = this.#cellSlot[cell]!;
      if (this.#slotKey[slot] === key) return slot;
      cell = (cell + 1) & mask;
    }
    return -1;
  }

  /** The key held in `slot`. */
  keyOf(slot: number): number {
    return this.#slotKey[slot]!;
  }

  /** Forget every key (slots are numbered from 0 again). */
  clear(): void {
    this.size = 0;
    this.refused = 0;
    this.#gen++;
    if (this.#gen === 0xffff_ffff) {
      this.#cellGen.fill(0);
      this.#gen = 1;
    }
  }
}
