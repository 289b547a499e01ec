/**
 * Exact conversion between pcapng 64-bit timestamps and (seconds, nanoseconds).
 *
 * A pcapng timestamp counts units of 10^-n or 2^-n seconds, as the interface's `if_tsresol`
 * option says (draft-ietf-opsawg-pcapng section 4.2; default 10^-6). In nanoseconds the count
 * passes 2^53 in 1970 + 104 days, so doubles cannot hold it. Instead the value stays split in
 * two 32-bit words and is divided in 16-bit digits, which keeps every intermediate below 2^47:
 * exact, and no BigInt allocation per packet.
 */

const TWO_16 = 0x1_0000;
const TWO_32 = 0x1_0000_0000;
const NS_PER_SEC = 1_000_000_000;
/** Most decimal digits divided at once: 10^9 keeps `remainder * 2^16 + digit` below 2^47. */
const MAX_DECIMAL_STEP = 9;
/** The bit of `if_tsresol` that selects a power of two instead of a power of ten. */
const TSRESOL_POWER_OF_TWO = 0x80;
/** Largest exponent the writer accepts: 10^9 is the finest unit a (sec, nsec) pair can fill. */
const MAX_WRITE_DECIMAL = 9;
/** Largest binary exponent the writer accepts: nsec * 2^34 is the most that fits in 64 bits. */
const MAX_WRITE_BINARY = 32;

/** Out-parameter of `unitsToTime()`, reused by the caller so conversion allocates nothing. */
export interface TimeOut {
  sec: number;
  nsec: number;
}

/** Out-parameter of `timeToUnits()`: the 64-bit unit count as two 32-bit words. */
export interface UnitsOut {
  hi: number;
  lo: number;
}

/** The if_tsresol default when an IDB has no such option: microseconds. */
export const DEFAULT_TSRESOL = 6;

// Module scratch of the long division: quotient words and remainder.
let qHi = 0;
let qLo = 0;
let rem = 0;

/** (hi * 2^32 + lo) / d for 1 <= d <= 10^9, into qHi, qLo, rem. */
function divide(hi: number, lo: number, d: number): void {
  let r = 0;
  let cur = r * TWO_16 + (hi >>> 16);
  const q3 = Math.floor(cur / d);
  r = cur - q3 * d;
  cur = r * TWO_16 + (hi & 0xffff);
  const q2 = Math.floor(cur / d);
  r = cur - q2 * d;
  cur = r * TWO_16 + (lo >>> 16);
  const q1 = Math.floor(cur / d);
  r = cur - q1 * d;
  cur = r * TWO_16 + (lo & 0xffff);
  const q0 = Math.floor(cur / d);
  r = cur - q0 * d;
  // Each quotient digit is below 2^16 because each remainder is below d.
  qHi = q3 * TWO_16 + q2;
  qLo = q1 * TWO_16 + q0;
  rem = r;
}

/** floor((hi * 2^32 + lo) * k / 2^shift) for k < 2^31 when the result is below 2^53. */
function mulShift(hi: number, lo: number, k: number, shift: number): number {
  // The product is kept as three 32-bit words w2:w1:w0, built from 16-bit limbs.
  let t = (lo & 0xffff) * k;
  const l0 = t % TWO_16;
  t = (lo >>> 16) * k + Math.floor(t / TWO_16);
  const w0 = (t % TWO_16) * TWO_16 + l0;
  t = (hi & 0xffff) * k + Math.floor(t / TWO_16);
  const l2 = t % TWO_16;
  t = (hi >>> 16) * k + Math.floor(t / TWO_16);
  const w1 = (t % TWO_16) * TWO_16 + l2;
  const w2 = Math.floor(t / TWO_16);
  if (shift >= 64) return Math.floor(w2 / 2 ** (shift - 64));
  if (shift >= 32) return Math.floor(w1 / 2 ** (shift - 32)) + w2 * 2 ** (64 - shift);
  return Math.floor(w0 / 2 ** shift) + w1 * 2 ** (32 - shift) + w2 * 2 ** (64 - shift);
}

/**
 * Converts a pcapng timestamp (`hi`, `lo` words) in units of `tsresol` into whole seconds and
 * nanoseconds (truncated toward zero when the unit is finer than 1 ns) in `out`.
 */
export function unitsToTime(hi: number, lo: number, tsresol: number, out: TimeOut): void {
  const exponent = tsresol & ~TSRESOL_POWER_OF_TWO;
  if ((tsresol & TSRESOL_POWER_OF_TWO) !== 0) {
    if (exponent >= 64) out.sec = 0;
    else if (exponent >= 32) out.sec = Math.floor(hi / 2 ** (exponent - 32));
    else out.sec = hi * 2 ** (32 - exponent) + Math.floor(lo / 2 ** exponent);
    // The fraction is the low `exponent` bits; scaled to ns it is below 10^9.
    let fracHi = hi;
    let fracLo = lo;
    if (exponent < 32) {
      fracHi = 0;
      fracLo = lo % 2 ** exponent;
    } else if (exponent < 64) {
      fracHi = hi % 2 ** (exponent - 32);
    }
    out.nsec = mulShift(fracHi, fracLo, NS_PER_SEC, exponent);
    return;
  }
  let h = hi;
  let l = lo;
  let digits = exponent;
  // Units finer than 1 ns: drop the extra digits first, a step of at most 10^9 at a time.
  while (digits > MAX_DECIMAL_STEP) {
    const step = Math.min(digits - MAX_DECIMAL_STEP, MAX_DECIMAL_STEP);
    divide(h, l, 10 ** step);
    h = qHi;
    l = qLo;
    digits -= step;
  }
  divide(h, l, 10 ** digits);
  out.sec = qHi * TWO_32 + qLo;
  out.nsec = rem * 10 ** (MAX_DECIMAL_STEP - digits);
}

/** True when the writer can encode timestamps in this `if_tsresol` (10^-0..9, 2^-0..32). */
export function isWritableTsresol(tsresol: number): boolean {
  if (!Number.isInteger(tsresol) || tsresol < 0 || tsresol > 0xff) return false;
  const exponent = tsresol & ~TSRESOL_POWER_OF_TWO;
  if ((tsresol & TSRESOL_POWER_OF_TWO) !== 0) return exponent <= MAX_WRITE_BINARY;
  return exponent <= MAX_WRITE_DECIMAL;
}

/**
 * Converts (sec, nsec) into a unit count of `tsresol` (truncating a sub-unit remainder), for the
 * writer. Throws RangeError if `tsresol` is not writable or the count does not fit in 64 bits.
 */
export function timeToUnits(sec: number, nsec: number, tsresol: number, out: UnitsOut): void {
  if (!isWritableTsresol(tsresol)) {
    throw new RangeError(
      `Cannot encode timestamps: unsupported if_tsresol 0x${tsresol.toString(16)}`,
    );
  }
  const exponent = tsresol & ~TSRESOL_POWER_OF_TWO;
  let hi: number;
  let lo: number;
  if ((tsresol & TSRESOL_POWER_OF_TWO) !== 0) {
    // frac = nsec * 2^e / 10^9, with nsec * 2^e (below 2^62) split into words for divide().
    const keep = 2 ** (32 - exponent);
    divide(Math.floor(nsec / keep), (nsec % keep) * 2 ** exponent, NS_PER_SEC);
    // sec * 2^e + frac: the shift moves the top bits of sec into the high word.
    hi = Math.floor(sec / keep);
    lo = (sec % keep) * 2 ** exponent + qLo;
  } else {
    const unitsPerSec = 10 ** exponent;
    const frac = Math.floor(nsec / 10 ** (MAX_DECIMAL_STEP - exponent));
    // sec * 10^e + frac by 16-bit limbs of the low word of sec, each product below 2^46.
    const secLo = sec % TWO_32;
    const middle = Math.floor(secLo / TWO_16) * unitsPerSec;
    const low = (middle % TWO_16) * TWO_16 + (secLo % TWO_16) * unitsPerSec + frac;
    hi = Math.floor(sec / TWO_32) * unitsPerSec + Math.floor(middle / TWO_16) +
      Math.floor(low / TWO_32);
    lo = low % TWO_32;
  }
  if (hi >= TWO_32) {
    throw new RangeError(`Cannot encode timestamp ${sec}.${nsec}: more than 64 bits of units`);
  }
  out.hi = hi;
  out.lo = lo;
}
