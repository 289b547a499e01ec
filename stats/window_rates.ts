/**
 * iftop-style sliding-window byte rates per table entry: the average over the last 2, 10 and 40
 * seconds, for two directions (tx/rx of a host, A->B/B->A of a flow).
 *
 * The second in progress accumulates in a small per-entry head (its second and one byte count
 * per direction); only when the entry next sees traffic in a later second is that count written
 * into the entry's ring of one-second slots. Real flows arrive in bursts (on the benchmark
 * capture an entry sees ~9 packets per active second), so the ring, 320 bytes per entry, is
 * touched once per entry-second instead of once per packet; the head can live in the owner's
 * own per-entry record, on the cache line the packet counters already pulled in.
 *
 * Seconds are the engine's clock seconds (`setSecond()`), which never go backwards. A read adds
 * the head's count when its second lies in the window, so the result is the same as writing
 * every packet into the ring. Float32 slots keep 24 bits of mantissa, exact up to 16 MB per
 * second per direction and within 1e-7 relative above it: plenty for a rate display.
 */

/** Longest window, in one-second slots: iftop's 40 s column. */
export const RATE_HISTORY_SECONDS = 40;
/** The averaging windows in seconds, as iftop shows them. */
export const RATE_WINDOWS = [2, 10, 40] as const;
/**
 * Float64 words of one entry's head: its pending second, the ring's newest second, and the
 * pending bytes of each direction. Owners that embed heads in their records reserve this many.
 */
export const RATE_HEAD_WORDS = 4;

/**
 * Complete seconds only are read and the second in progress sits in the head, so the ring needs
 * exactly the longest window.
 */
const SLOTS = RATE_HISTORY_SECONDS;
const DIRECTIONS = 2;
const STRIDE = DIRECTIONS * SLOTS;
// Offsets inside a head.
const PENDING_SEC = 0;
const RING_SEC = 1;
const PENDING_BYTES = 2;

export class WindowRates {
  readonly #ring: Float32Array;
  readonly #head: Float64Array;
  readonly #headStride: number;
  readonly #headOffset: number;
  // Kept here rather than passed to add(): a second past 2^30 passed as an argument could be
  // boxed in a heap number on every call.
  #second = 0;

  /**
   * Rates for `capacity` entries. The heads live in `head` at `id * headStride + headOffset`
   * (`RATE_HEAD_WORDS` words each); by default in an array of their own.
   */
  constructor(
    capacity: number,
    head: Float64Array = new Float64Array(capacity * RATE_HEAD_WORDS),
    headStride = RATE_HEAD_WORDS,
    headOffset = 0,
  ) {
    if (head.length < (capacity - 1) * headStride + headOffset + RATE_HEAD_WORDS) {
      throw new RangeError(
        `Cannot create window rates: the head array is too short for ${capacity} entries`,
      );
    }
    this.#ring = new Float32Array(capacity * STRIDE);
    this.#head = head;
    this.#headStride = headStride;
    this.#headOffset = headOffset;
    for (let id = 0; id < capacity; id++) this.reset(id);
  }

  /** Forget entry `id`'s history (a new occupant of a reused id). */
  reset(id: number): void {
    const h = id * this.#headStride + this.#headOffset;
    const head = this.#head;
    head[h + PENDING_SEC] = -Infinity;
    head[h + RING_SEC] = -Infinity;
    head[h + PENDING_BYTES] = 0;
    head[h + PENDING_BYTES + 1] = 0;
  }

  /** The clock second that `add()` counts into; it only moves forward. */
  get second(): number {
    return this.#second;
  }

  /** Move the clock to second `sec` (engine clock seconds); earlier values are ignored. */
  setSecond(sec: number): void {
    if (sec > this.#second) this.#second = sec;
  }

  /** Count `bytes` for entry `id` in direction `dir` (0 or 1) in the current second. */
  add(id: number, dir: number, bytes: number): void {
    const h = id * this.#headStride + this.#headOffset;
    const head = this.#head;
    const sec = this.#second;
    if (head[h + PENDING_SEC] !== sec) this.#flush(id, h, sec);
    head[h + PENDING_BYTES + dir] = head[h + PENDING_BYTES + dir]! + bytes;
  }

  /**
   * Bytes entry `id` sent in direction `dir` during the `window` complete seconds before clock
   * second `nowSec` (the second in progress is left out, as iftop does).
   */
  windowBytes(id: number, dir: number, nowSec: number, window: number): number {
    const h = id * this.#headStride + this.#headOffset;
    const head = this.#head;
    const pendingSec = head[h + PENDING_SEC]!;
    const ringSec = head[h + RING_SEC]!;
    const base = id * STRIDE + dir * SLOTS;
    const span = Math.min(window, RATE_HISTORY_SECONDS);
    let sum = 0;
    for (let s = nowSec - span; s < nowSec; s++) {
      if (s === pendingSec) sum += head[h + PENDING_BYTES + dir]!;
      else if (s <= ringSec && s > ringSec - SLOTS && s >= 0) {
        sum += this.#ring[base + (s % SLOTS)]!;
      }
    }
    return sum;
  }

  /** Average bits per second over `window` complete seconds before `nowSec`. */
  bitsPerSecond(id: number, dir: number, nowSec: number, window: number): number {
    return (this.windowBytes(id, dir, nowSec, window) * 8) / window;
  }

  /** Move the finished pending second into the ring and start `sec`. Once per entry-second. */
  #flush(id: number, h: number, sec: number): void {
    const head = this.#head;
    const pendingSec = head[h + PENDING_SEC]!;
    // Clock seconds start at 0; a fresh head's -Infinity has nothing to write.
    if (pendingSec >= 0) {
      const ringSec = head[h + RING_SEC]!;
      const ring = this.#ring;
      const base = id * STRIDE;
      // Zero the slots of the seconds without traffic since the ring's newest, at most all.
      const oldest = Math.max(pendingSec - SLOTS + 1, 0);
      const from = ringSec >= oldest ? ringSec + 1 : oldest;
      for (let s = from; s < pendingSec; s++) {
        const slot = s % SLOTS;
        ring[base + slot] = 0;
        ring[base + SLOTS + slot] = 0;
      }
      const slot = pendingSec % SLOTS;
      ring[base + slot] = head[h + PENDING_BYTES]!;
      ring[base + SLOTS + slot] = head[h + PENDING_BYTES + 1]!;
      head[h + RING_SEC] = pendingSec;
    }
    head[h + PENDING_SEC] = sec;
    head[h + PENDING_BYTES] = 0;
    head[h + PENDING_BYTES + 1] = 0;
  }
}
