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
 *
 * An entry gets a ring only at its first flush, i.e. once it has traffic in two different
 * seconds: most entries never do (a DNS exchange, a scan probe, a short fetch), and their whole
 * history fits in the head. Rings are handed out from a free stack, then from a high-water mark,
 * over one buffer sized for every entry; pages above the mark are never touched, so they cost
 * address space, not memory. On the benchmark capture this keeps about a third of the flow
 * table's rings.
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
  /** Ring of entry `id`, plus one; 0 while it has none (a fresh buffer: no entry has one). */
  readonly #ringOf: Int32Array;
  /** Rings given back by `reset()`, reused before any above the high-water mark. */
  readonly #freeRings: Int32Array;
  #freeCount = 0;
  #ringsUsed = 0;
  // Kept here rather than passed to add(): a second past 2^30 passed as an argument could be
  // boxed in a heap number on every call.
  #second = 0;

  /**
   * Rates for `capacity` entries. The heads live in `head` at `id * headStride + headOffset`
   * (`RATE_HEAD_WORDS` words each); by default in an array of their own. An owner that passes
   * its own `head` must `reset()` an entry before its first `add()`: the constructor leaves
   * the owner's memory untouched, so pages of entries never used are never paged in.
   */
  constructor(
    capacity: number,
    head?: Float64Array,
    headStride = RATE_HEAD_WORDS,
    headOffset = 0,
  ) {
    const heads = head ?? new Float64Array(capacity * RATE_HEAD_WORDS);
    if (heads.length < (capacity - 1) * headStride + headOffset + RATE_HEAD_WORDS) {
      throw new RangeError(
        `Cannot create window rates: the head array is too short for ${capacity} entries`,
      );
    }
    this.#ring = new Float32Array(capacity * STRIDE);
    this.#head = heads;
    this.#headStride = headStride;
    this.#headOffset = headOffset;
    this.#ringOf = new Int32Array(capacity);
    this.#freeRings = new Int32Array(capacity);
    if (head === undefined) { for (let id = 0; id < capacity; id++) this.reset(id); }
  }

  /** Rings handed out at most at once so far: the part of the ring buffer in use. */
  get ringsUsed(): number {
    return this.#ringsUsed;
  }

  /** Forget entry `id`'s history (a new occupant of a reused id) and give back its ring. */
  reset(id: number): void {
    const h = id * this.#headStride + this.#headOffset;
    const head = this.#head;
    head[h + PENDING_SEC] = -Infinity;
    head[h + RING_SEC] = -Infinity;
    head[h + PENDING_BYTES] = 0;
    head[h + PENDING_BYTES + 1] = 0;
    const ring = this.#ringOf[id]!;
    if (ring !== 0) {
      this.#freeRings[this.#freeCount++] = ring - 1;
      this.#ringOf[id] = 0;
    }
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
    const base = (this.#ringOf[id]! - 1) * STRIDE + dir * SLOTS;
    const span = Math.min(window, RATE_HISTORY_SECONDS);
    let sum = 0;
    for (let s = nowSec - span; s < nowSec; s++) {
      if (s === pendingSec) sum += head[h + PENDING_BYTES + dir]!;
      else if (s <= ringSec && s > ringSec - SLOTS && s >= 0) {
        sum += this.#ring[base + slotOf(s)]!;
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
      let r = this.#ringOf[id]!;
      if (r === 0) r = this.#ringOf[id] = this.#takeRing() + 1;
      const base = (r - 1) * STRIDE;
      const oldest = pendingSec - SLOTS + 1;
      const slot = slotOf(pendingSec);
      if (ringSec < oldest) {
        // Nothing in the ring is still inside the window (or it is a new ring, maybe reused).
        ring.fill(0, base, base + STRIDE);
      } else {
        // Zero the slots of the seconds without traffic since the ring's newest.
        for (let s = slotOf(ringSec + 1); s !== slot; s = s + 1 === SLOTS ? 0 : s + 1) {
          ring[base + s] = 0;
          ring[base + SLOTS + s] = 0;
        }
      }
      ring[base + slot] = head[h + PENDING_BYTES]!;
      ring[base + SLOTS + slot] = head[h + PENDING_BYTES + 1]!;
      head[h + RING_SEC] = pendingSec;
    }
    head[h + PENDING_SEC] = sec;
    head[h + PENDING_BYTES] = 0;
    head[h + PENDING_BYTES + 1] = 0;
  }

  /** A ring for an entry's first flush: a given-back one if any, else the next unused one. */
  #takeRing(): number {
    if (this.#freeCount > 0) return this.#freeRings[--this.#freeCount]!;
    return this.#ringsUsed++;
  }
}

/**
 * Ring slot of clock second `sec`. Packet-clock seconds are epoch seconds, past 2^30, where `%`
 * on a JavaScript number is a floating-point remainder; as an unsigned 32-bit integer (pcap
 * timestamps are unsigned 32-bit seconds) it is an integer division.
 */
function slotOf(sec: number): number {
  return (sec >>> 0) % SLOTS;
}
