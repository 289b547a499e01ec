/**
 * Seeded, reproducible mutations of byte strings, as coverage-blind fuzzers make them: bit
 * flips, byte sets to the values parsers trip on, truncations, length-field edits, duplicated
 * slices and splices of two inputs. The same seed gives the same cases on every machine.
 */

/** mulberry32: small, fast, and good enough to pick mutations. */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
}

/** Byte values that sit on boundaries of lengths, counts and flags. */
const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff, 0x40, 0x3f, 0xc0];
/** 16-bit values for length fields: empty, one, just below and above a byte, the most. */
const INTERESTING_WORDS = [0x0000, 0x0001, 0x00ff, 0x0100, 0x7fff, 0x8000, 0xfffe, 0xffff];
/** Longest input a mutation makes: a few frames' worth, so no case costs much. */
export const MAX_MUTATED_BYTES = 70_000;

/** One to four mutations of `input` (never changed), `other` for splices. */
export function mutate(input: Uint8Array, other: Uint8Array, rng: Rng): Uint8Array<ArrayBuffer> {
  let bytes: Uint8Array<ArrayBuffer> = new Uint8Array(input);
  const rounds = 1 + rng.below(4);
  for (let r = 0; r < rounds; r++) {
    const at = rng.below(Math.max(1, bytes.length));
    switch (rng.below(7)) {
      case 0: // bit flip
        if (bytes.length > 0) bytes[at] = bytes[at]! ^ (1 << rng.below(8));
        break;
      case 1: // byte set
        if (bytes.length > 0) bytes[at] = INTERESTING_BYTES[rng.below(INTERESTING_BYTES.length)]!;
        break;
      case 2: // random byte
        if (bytes.length > 0) bytes[at] = rng.below(256);
        break;
      case 3: // truncation
        bytes = bytes.slice(0, rng.below(bytes.length + 1));
        break;
      case 4: { // length field: a 16-bit word set to a boundary or to the input's length +- a bit
        if (bytes.length < 2) break;
        const word = rng.below(2) === 0
          ? INTERESTING_WORDS[rng.below(INTERESTING_WORDS.length)]!
          : (bytes.length - at + rng.below(9) - 4) & 0xffff;
        const i = Math.min(at, bytes.length - 2);
        bytes[i] = word >> 8;
        bytes[i + 1] = word & 0xff;
        break;
      }
      case 5: { // duplicate a slice in place
        const end = Math.min(bytes.length, at + 1 + rng.below(64));
        bytes = joinCapped(bytes.subarray(0, end), bytes.subarray(at, end), bytes.subarray(end));
        break;
      }
      default: { // splice: this one's head, the other's tail
        bytes = joinCapped(bytes.subarray(0, at), other.subarray(rng.below(other.length + 1)));
      }
    }
  }
  return bytes;
}

/** The parts one after the other, cut at MAX_MUTATED_BYTES. */
function joinCapped(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const total = Math.min(MAX_MUTATED_BYTES, parts.reduce((n, p) => n + p.length, 0));
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    const take = Math.min(part.length, total - at);
    out.set(part.subarray(0, take), at);
    at += take;
  }
  return out;
}
