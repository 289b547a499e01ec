/**
 * iftop-style sliding-window byte rates per table entry: the average over the last 2, 10 and 40
 * seconds, for two directions (tx/rx of a host, A->B/B->A of a flow).
 *
 * Each entry owns a ring of one-second byte counts per direction in one flat Float32Array; no
 * objects per entry. Seconds are the engine's clock seconds (`setSecond()`), which never go
 * backwards, so a ring only ever moves forward: slots the entry skipped are zeroed lazily when it next sees traffic,
 * and a read ignores slots newer than the entry's last second. Float32 keeps 24 bits of
 * mantissa, exact up to 16 MB per second per direction and within 1e-7 relative above it, which
 * is plenty for a rate display and halves the memory of Float64.
 */

/** Longest window, in one-second slots: iftop's 40 s column. */
export const RATE_HISTORY_SECONDS = 40;
/** The averaging windows in seconds, as iftop shows them. */
export const RATE_WINDOWS = [2, 10, 40] as const;

/** One slot per complete second of the longest window, plus the second in progress. */
const SLOTS = RATE_HISTORY_SECONDS + 1;
const DIRECTIONS = 2;
const STRIDE = DIRECTIONS * SLOTS;

export class WindowRates {
  readonly #ring: Float32Array;
  /** The last second each entry saw traffic; -Infinity for a fresh entry. */
  readonly #lastSec: Float64Array;
  // Kept here rather than passed to add(): a second past 2^30 passed as an argument could be
  // boxed in a heap number on every call.
  #second = 0;

  constructor(capacity: number) {
    this.#ring = new Float32Array(capacity * STRIDE);
    this.#lastSec = new Float64Array(capacity).fill(-Infinity);
  }

  /** Forget entry `id`'s history (a new occupant of a reused id). */
  reset(id: number): void {
    this.#lastSec[id] = -Infinity;
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
    const sec = this.#second;
    const base = id * STRIDE;
    const last = this.#lastSec[id]!;
    if (sec > last) {
      // Zero the slots of the seconds skipped since the last packet, at most the whole ring.
      const gap = sec - last >= SLOTS ? SLOTS : sec - last;
      for (let k = 0; k < gap; k++) {
        const slot = (sec - k) % SLOTS;
        this.#ring[base + slot] = 0;
        this.#ring[base + SLOTS + slot] = 0;
      }
      this.#lastSec[id] = sec;
    }
    const at = base + dir * SLOTS + (sec % SLOTS);
    this.#ring[at] = this.#ring[at]! + bytes;
  }

  /**
   * Bytes entry `id` sent in direction `dir` during the `window` complete seconds before clock
   * second `nowSec` (the second in progress is left out, as iftop does).
   */
  windowBytes(id: number, dir: number, nowSec: number, window: number): number {
    const last = this.#lastSec[id]!;
    const base = id * STRIDE + dir * SLOTS;
    const span = Math.min(window, RATE_HISTORY_SECONDS);
    let sum = 0;
    for (let s = nowSec - span; s < nowSec; s++) {
      if (s > last || s <= last - SLOTS || s < 0) continue;
      sum += this.#ring[base + (s % SLOTS)]!;
    }
    return sum;
  }

  /** Average bits per second over `window` complete seconds before `nowSec`. */
  bitsPerSecond(id: number, dir: number, nowSec: number, window: number): number {
    return (this.windowBytes(id, dir, nowSec, window) * 8) / window;
  }
}
