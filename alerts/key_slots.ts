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
/** Words per table cell: generation, key, slot, and one unused to keep cells 16 bytes. */
const CELL_WORDS = 4;
/** Entries of the recent-key cache (a power of two). */
const RECENT = 1024;

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
  /**
   * One 16-byte cell per table entry, [generation, key, slot, unused]: a lookup touches one
   * cache line per probe instead of one per array (the tables outgrow the CPU caches).
   */
  readonly #cells: Int32Array;
  readonly #slotKey: Uint32Array;
  /**
   * A direct-mapped cache of recently found keys and their slots, in front of the table: 8 KiB
   * stays in the CPU's first-level cache, and the packets of a busy flow find their key there.
   */
  readonly #recentKey = new Int32Array(RECENT).fill(-1);
  readonly #recentSlot = new Int32Array(RECENT);
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
    this.#cells = new Int32Array(cells * CELL_WORDS);
    this.#slotKey = new Uint32Array(capacity);
  }

  /** The slot of `key`, created if new and there is room; -1 when full. */
  find(key: number): number {
    const recent = key & (RECENT - 1);
    if (this.#recentKey[recent] === key) {
      this.created = false;
      return this.#recentSlot[recent]!;
    }
    const slot = this.#lookup(key);
    if (slot >= 0) {
      this.#recentKey[recent] = key;
      this.#recentSlot[recent] = slot;
    }
    return slot;
  }

  #lookup(key: number): number {
    const mask = this.#mask;
    const gen = this.#gen;
    const cells = this.#cells;
    let cell = mix32(key) & mask;
    for (;;) {
      const at = cell * CELL_WORDS;
      if (cells[at] !== gen) break;
      if (cells[at + 1] === key) {
        this.created = false;
        return cells[at + 2]!;
      }
      cell = (cell + 1) & mask;
    }
    this.created = false;
    if (this.size >= this.capacity) {
      this.refused++;
      return -1;
    }
    const slot = this.size++;
    const at = cell * CELL_WORDS;
    cells[at] = gen;
    cells[at + 1] = key;
    cells[at + 2] = slot;
    this.#slotKey[slot] = key;
    this.created = true;
    return slot;
  }

  /** The slot of `key`, or -1 when it is not held (never creates). */
  get(key: number): number {
    const recent = key & (RECENT - 1);
    if (this.#recentKey[recent] === key) return this.#recentSlot[recent]!;
    const mask = this.#mask;
    const gen = this.#gen;
    const cells = this.#cells;
    let cell = mix32(key) & mask;
    for (;;) {
      const at = cell * CELL_WORDS;
      if (cells[at] !== gen) return -1;
      if (cells[at + 1] === key) return cells[at + 2]!;
      cell = (cell + 1) & mask;
    }
  }

  /** The key held in `slot`. */
  keyOf(slot: number): number {
    return this.#slotKey[slot]!;
  }

  /** Forget every key (slots are numbered from 0 again). */
  clear(): void {
    this.size = 0;
    this.refused = 0;
    this.#recentKey.fill(-1);
    this.#gen++;
    if (this.#gen === KEY_MASK) {
      this.#cells.fill(0);
      this.#gen = 1;
    }
  }
}
