/**
 * HyperLogLog distinct counting (Flajolet, Fusy, Gandouet, Meunier 2007) in a fixed 16 KiB.
 *
 * Used once an exact set would outgrow its bound: memory stays flat however many distinct items
 * arrive, at a standard error of 1.04 / sqrt(2^precision), about 0.8% at the default precision.
 * Each item is given as two independent `HASH_BITS`-bit hashes: the first picks the register, the
 * second supplies the rank, so the estimate stays good far beyond 2^30 items.
 */

import { HASH_BITS } from "../capture/key_hash.ts";

/** Register-index bits: 2^14 registers give 0.81% standard error in 16 KiB. */
export const HLL_PRECISION = 14;

const HASH_MASK = 2 ** HASH_BITS - 1;

/** Bias-correction constant alpha_m for m >= 128 (Flajolet et al., figure 3). */
function alpha(m: number): number {
  return 0.7213 / (1 + 1.079 / m);
}

export class HyperLogLog {
  readonly precision: number;
  readonly #registers: Uint8Array;

  constructor(precision = HLL_PRECISION) {
    if (!Number.isInteger(precision) || precision < 7 || precision > 18) {
      throw new RangeError(
        `Cannot create HyperLogLog: precision must be an integer from 7 to 18, got ${precision}`,
      );
    }
    this.precision = precision;
    this.#registers = new Uint8Array(1 << precision);
  }

  /** Record one item by its two hashes (`HASH_BITS`-bit, from `hashWords()`). */
  add(indexHash: number, rankHash: number): void {
    const idx = indexHash & ((1 << this.precision) - 1);
    // Position of the first 1 bit among the hash's bits; all zero ranks one past them.
    const rank = Math.clz32(rankHash & HASH_MASK) - (32 - HASH_BITS) + 1;
    if (rank > this.#registers[idx]!) this.#registers[idx] = rank;
  }

  /** Estimated number of distinct items added. */
  estimate(): number {
    const m = this.#registers.length;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < m; i++) {
      const r = this.#registers[i]!;
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const raw = (alpha(m) * m * m) / sum;
    // Small-range correction: linear counting while registers are still empty (paper, fig. 3).
    if (raw <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros);
    return raw;
  }

  /** Forget every item. */
  clear(): void {
    this.#registers.fill(0);
  }
}
