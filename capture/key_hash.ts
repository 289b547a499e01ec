/**
 * 32-bit hashing of fixed-width keys held in a `Uint32Array`, for the open-addressing tables.
 *
 * The mixing steps are MurmurHash3's (Austin Appleby, public domain): per-word multiply-rotate
 * and the `fmix32` finaliser, which spreads every input bit over the low bits the tables mask
 * with. Only `Math.imul` and shifts are used, so hashing allocates nothing. A per-engine random
 * seed keeps crafted traffic from aiming every flow at one probe chain (hash flooding).
 *
 * `hashWords()` returns 30 bits: a number that V8 keeps as a small integer (Smi) even with
 * pointer compression, so passing it between functions never boxes it in a heap object; a
 * full 32-bit value above 2^30 would cost an allocation per call on the hot path.
 */

/** Bits in a `hashWords()` result. */
export const HASH_BITS = 30;

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const ROUND_ADD = 0xe6546b64;
const FMIX1 = 0x85ebca6b;
const FMIX2 = 0xc2b2ae35;

/** Hash the first `length` words of `words` with `seed`; returns a `HASH_BITS`-bit number. */
export function hashWords(words: Uint32Array, length: number, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < length; i++) {
    let k = Math.imul(words[i]!, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + ROUND_ADD) | 0;
  }
  h ^= length << 2;
  h ^= h >>> 16;
  h = Math.imul(h, FMIX1);
  h ^= h >>> 13;
  h = Math.imul(h, FMIX2);
  h ^= h >>> 16;
  return h >>> (32 - HASH_BITS);
}

/** MurmurHash3's fmix32: an invertible mix, so distinct inputs keep distinct outputs. */
export function finalMix(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, FMIX1);
  h ^= h >>> 13;
  h = Math.imul(h, FMIX2);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A random 32-bit seed from the platform's CSPRNG. */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
}
