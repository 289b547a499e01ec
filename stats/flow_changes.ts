/**
 * The flows that took traffic since their hosts were last credited, each with its counters as
 * they stood when it joined: what `FlowTable` owes the host table, kept so that a packet of a
 * known flow need not touch its two host records.
 *
 * A flow joins once per fold period (`FlowTable.foldHosts()`, at least once per clock second),
 * and on the benchmark capture a flow sees ~9 packets per active second, so the host records
 * and their rate heads are touched once per flow-second instead of twice per packet. Entries
 * are flat typed arrays indexed by position; a flow that leaves the table before the fold is
 * folded early and its entry voided, so a reused id never inherits a stale baseline.
 */

/** Baseline words per entry: packets A->B, packets B->A, bytes A->B, bytes B->A. */
export const BASE_WORDS = 4;

export class FlowChanges {
  /** Flow id of entry `i`, or -1 once voided. */
  readonly ids: Int32Array;
  /** The flow's counters when it joined, `BASE_WORDS` per entry. */
  readonly base: Float64Array;
  #count = 0;

  /** Room for `capacity` entries: each live flow joins at most once per period. */
  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.base = new Float64Array(capacity * BASE_WORDS);
  }

  /** Entries since the last `clear()`, voided ones included. */
  get count(): number {
    return this.#count;
  }

  /**
   * Append flow `id`, whose counters are the `BASE_WORDS` words of `rec` from `at` (in the
   * order above); returns its entry.
   */
  push(id: number, rec: Float64Array, at: number): number {
    const i = this.#count++;
    this.ids[i] = id;
    const b = i * BASE_WORDS;
    const base = this.base;
    base[b] = rec[at]!;
    base[b + 1] = rec[at + 1]!;
    base[b + 2] = rec[at + 2]!;
    base[b + 3] = rec[at + 3]!;
    return i;
  }

  /** Forget every entry (after they have been folded). */
  clear(): void {
    this.#count = 0;
  }
}
