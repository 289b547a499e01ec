/**
 * A queue of table ids ordered by when each was last pushed, for least-recently-used eviction
 * and timeouts: `touch()` moves an id to the newest end, `oldest()` names the one at the other.
 *
 * A doubly linked list does the same but writes to both neighbours of the moved id, two random
 * cache misses per packet in a table of tens of thousands of flows. Here a touch appends the id
 * to a ring of ids and leaves a tombstone where it was: a sequential write and a write near the
 * newest end (a busy id was touched recently). Tombstones are skipped when they reach the oldest
 * end; when the ring fills, live ids are packed towards the oldest end in one sequential pass.
 * The ring holds `QUEUE_SLACK` times the ids it can hold live, so a pass moves at most a quarter
 * of the ring and comes after at least three quarters of it were appended: O(1) amortised.
 */

/**
 * Ring cells per id the queue can hold: 4 keeps compaction to one cell moved per three pushes
 * for 16 bytes per id, a tenth of a flow's memory.
 */
export const QUEUE_SLACK = 4;

const TOMBSTONE = -1;
const NOT_QUEUED = -1;

export class IdQueue {
  /** Largest id plus one. */
  readonly capacity: number;
  readonly #ring: Int32Array;
  readonly #mask: number;
  /** Ring cell of each queued id, or NOT_QUEUED. */
  readonly #pos: Int32Array;
  #head = 0;
  #tail = 0;
  /** Cells from head to tail, tombstones included. */
  #span = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Cannot create id queue: capacity must be a positive integer, got ${capacity}`,
      );
    }
    this.capacity = capacity;
    let cells = 4;
    while (cells < capacity * QUEUE_SLACK) cells *= 2;
    this.#ring = new Int32Array(cells);
    this.#mask = cells - 1;
    this.#pos = new Int32Array(capacity).fill(NOT_QUEUED);
  }

  /** Ids queued. */
  get size(): number {
    return this.#size;
  }

  /** True when `id` is queued. */
  has(id: number): boolean {
    return this.#pos[id] !== NOT_QUEUED;
  }

  /** Queue `id` (not queued yet) as the newest. */
  push(id: number): void {
    if (this.#span > this.#mask) this.#compact();
    const at = this.#tail;
    this.#ring[at] = id;
    this.#pos[id] = at;
    this.#tail = (at + 1) & this.#mask;
    this.#span++;
    this.#size++;
  }

  /** Make queued `id` the newest. */
  touch(id: number): void {
    const at = this.#pos[id]!;
    // Consecutive packets of one flow: already the newest, nothing moves.
    if (at === ((this.#tail - 1) & this.#mask)) return;
    this.#ring[at] = TOMBSTONE;
    this.#size--;
    this.push(id);
  }

  /** Take `id` out of the queue; nothing happens when it is not queued. */
  remove(id: number): void {
    const at = this.#pos[id]!;
    if (at === NOT_QUEUED) return;
    this.#ring[at] = TOMBSTONE;
    this.#pos[id] = NOT_QUEUED;
    this.#size--;
  }

  /** The id pushed or touched longest ago, or -1 when the queue is empty. */
  oldest(): number {
    const ring = this.#ring;
    while (this.#span > 0 && ring[this.#head] === TOMBSTONE) {
      this.#head = (this.#head + 1) & this.#mask;
      this.#span--;
    }
    return this.#span > 0 ? ring[this.#head]! : -1;
  }

  /**
   * The queued id after queued `id` towards the newest end, or -1 when `id` is the newest: for
   * walking the queue without taking ids out. Removing `id` itself before the call is not
   * allowed; removing it after is.
   */
  newer(id: number): number {
    const ring = this.#ring;
    const mask = this.#mask;
    const end = this.#tail;
    for (let at = (this.#pos[id]! + 1) & mask; at !== end; at = (at + 1) & mask) {
      const next = ring[at]!;
      if (next !== TOMBSTONE) return next;
    }
    return -1;
  }

  /** Queued ids, newest first. */
  newestFirst(): number[] {
    const out: number[] = [];
    for (let k = this.#span - 1; k >= 0; k--) {
      const id = this.#ring[(this.#head + k) & this.#mask]!;
      if (id !== TOMBSTONE) out.push(id);
    }
    return out;
  }

  /** Empty the queue. */
  clear(): void {
    this.#pos.fill(NOT_QUEUED);
    this.#head = 0;
    this.#tail = 0;
    this.#span = 0;
    this.#size = 0;
  }

  /** Pack live ids, in order, from the head on; the ring then has room for the rest. */
  #compact(): void {
    const ring = this.#ring;
    const mask = this.#mask;
    let w = this.#head;
    for (let k = 0; k < this.#span; k++) {
      const id = ring[(this.#head + k) & mask]!;
      if (id === TOMBSTONE) continue;
      ring[w] = id;
      this.#pos[id] = w;
      w = (w + 1) & mask;
    }
    this.#tail = w;
    this.#span = this.#size;
  }
}
