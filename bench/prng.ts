/**
 * A small seeded pseudo-random generator (Tommy Ettinger's mulberry32): 32 bits of state, one
 * multiply-xorshift round per draw. Not for cryptography; it exists so that a synthetic capture
 * is a pure function of its seed on every machine, which `Math.random()` cannot give.
 */

/** 2^32, to turn a 32-bit draw into a float in [0, 1). */
const TWO_POW_32 = 0x1_0000_0000;

export class Prng {
  #state: number;

  /** `seed` is taken modulo 2^32; any integer is fine, 0 included. */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new TypeError(`Cannot seed PRNG: ${seed} is not an integer`);
    this.#state = seed >>> 0;
  }

  /** Next unsigned 32-bit integer. */
  u32(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Float in [0, 1). */
  float(): number {
    return this.u32() / TWO_POW_32;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /**
   * Exponentially distributed float with the given mean: inter-arrival times of a Poisson
   * process, and the long tail of flow lengths.
   */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /**
   * Index in [0, n) skewed towards 0: index i is drawn about as often as a Zipf law with
   * exponent 2/3 would give, so a few servers and names carry most of the traffic, as on a
   * real link, while the tail stays long.
   */
  skewed(n: number): number {
    const u = this.float();
    return Math.floor(n * u * u * u);
  }
}
