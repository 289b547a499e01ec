/**
 * Occurrences per name (DNS questions, SNIs, Host headers), bounded.
 *
 * Exact until `capacity` distinct names are known; a name first seen after that is counted in
 * `folded` instead of growing the table. A network with more distinct names than that is being
 * scanned or is a resolver, and the top of the list is what a person reads anyway.
 */

/** Distinct names kept per counter: a busy office sees a few thousand domains a day. */
export const NAME_COUNTER_CAPACITY = 8192;
/**
 * Names `/stats` lists per counter, most frequent first; the rest are summed in `omitted`. The
 * document is sent to every dashboard and polled by scripts, and a glance needs only the head.
 */
export const NAME_REPORT_LIMIT = 200;
/**
 * The limit that lists every name a counter holds (at most `capacity`, so still bounded):
 * `--report json` prints it, as a report read once should miss nothing the tables kept.
 */
export const EVERY_NAME = Number.POSITIVE_INFINITY;

export class NameCounter {
  readonly capacity: number;
  readonly #counts = new Map<string, number>();
  #total = 0;
  #folded = 0;

  constructor(capacity = NAME_COUNTER_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`Name counter capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
  }

  add(name: string, count = 1): void {
    this.#total += count;
    const known = this.#counts.get(name);
    if (known !== undefined) this.#counts.set(name, known + count);
    else if (this.#counts.size < this.capacity) this.#counts.set(name, count);
    else this.#folded += count;
  }

  get distinct(): number {
    return this.#counts.size;
  }

  /** Occurrences counted, including folded ones. */
  get total(): number {
    return this.#total;
  }

  /** Occurrences of names that arrived after the table was full. */
  get folded(): number {
    return this.#folded;
  }

  /** The most frequent names, ties by name in code-point order: `{ name: count }`. */
  top(limit = NAME_REPORT_LIMIT): Record<string, number> {
    const entries = [...this.#counts].sort((a, b) =>
      b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
    );
    return Object.fromEntries(entries.slice(0, limit));
  }

  /** Occurrences not listed by `top(limit)`: the tail plus the folded. */
  omitted(limit = NAME_REPORT_LIMIT): number {
    if (this.#counts.size <= limit) return this.#folded;
    const listed = Object.values(this.top(limit)).reduce((a, b) => a + b, 0);
    return this.#total - listed;
  }
}
