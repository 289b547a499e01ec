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

import type { HostTable } from "./host_table.ts";

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
   * Append flow `id`, whose packet counters (A->B, B->A) are the two words of `rec` from
   * `packetsAt` and its byte counters the two from `bytesAt`; returns its entry.
   */
  push(id: number, rec: Float64Array, packetsAt: number, bytesAt: number): number {
    const i = this.#count++;
    this.ids[i] = id;
    const b = i * BASE_WORDS;
    const base = this.base;
    base[b] = rec[packetsAt]!;
    base[b + 1] = rec[packetsAt + 1]!;
    base[b + 2] = rec[bytesAt]!;
    base[b + 3] = rec[bytesAt + 1]!;
    return i;
  }

  /**
   * Credit host `a` (direction A's source) and host `b` with what entry `i`'s flow sent each
   * way since it joined; its counters now stand at `packetsAt` and `bytesAt` in `rec`.
   */
  credit(
    i: number,
    hosts: HostTable,
    rec: Float64Array,
    packetsAt: number,
    bytesAt: number,
    a: number,
    b: number,
  ): void {
    const base = this.base;
    const at = i * BASE_WORDS;
    const abPackets = rec[packetsAt]! - base[at]!;
    const baPackets = rec[packetsAt + 1]! - base[at + 1]!;
    if (abPackets > 0) {
      const bytes = rec[bytesAt]! - base[at + 2]!;
      hosts.add(a, 0, abPackets, bytes);
      hosts.add(b, 1, abPackets, bytes);
    }
    if (baPackets > 0) {
      const bytes = rec[bytesAt + 1]! - base[at + 3]!;
      hosts.add(b, 0, baPackets, bytes);
      hosts.add(a, 1, baPackets, bytes);
    }
  }

  /** Forget every entry (after they have been folded). */
  clear(): void {
    this.#count = 0;
  }
}
