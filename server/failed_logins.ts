/**
 * Failed token attempts per client address, so the token cannot be guessed at network speed:
 * past `MAX_FAILURES` within `FAILURE_WINDOW_MS` an address is refused (429) until its window
 * ends. The table is bounded like every other: past `MAX_TRACKED_ADDRESSES` the address whose
 * window started longest ago is forgotten.
 */

/** Wrong tokens an address may send per window (a typo or two, and a stale cookie). */
export const MAX_FAILURES = 10;
/** The window failures are counted over, and how long an address is refused after. */
export const FAILURE_WINDOW_MS = 60_000;
/** Addresses remembered at once: far more than one LAN's clients; oldest window first out. */
export const MAX_TRACKED_ADDRESSES = 4096;

export class FailedLogins {
  /** Address -> [window start, failures]; Map iteration order is insertion order. */
  readonly #entries = new Map<string, { since: number; failures: number }>();
  readonly #now: () => number;

  constructor(now: () => number = () => Date.now()) {
    this.#now = now;
  }

  /** Milliseconds `address` must still wait, or 0 when it may try. */
  retryAfterMs(address: string): number {
    const entry = this.#entries.get(address);
    if (!entry) return 0;
    const left = entry.since + FAILURE_WINDOW_MS - this.#now();
    if (left <= 0) {
      this.#entries.delete(address);
      return 0;
    }
    return entry.failures >= MAX_FAILURES ? left : 0;
  }

  /** Count one wrong token from `address`. */
  fail(address: string): void {
    const now = this.#now();
    const entry = this.#entries.get(address);
    if (entry && entry.since + FAILURE_WINDOW_MS > now) {
      entry.failures++;
      return;
    }
    this.#entries.delete(address);
    if (this.#entries.size >= MAX_TRACKED_ADDRESSES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(address, { since: now, failures: 1 });
  }

  /** Addresses remembered now (for tests of the bound). */
  get size(): number {
    return this.#entries.size;
  }
}
