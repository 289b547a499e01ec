/**
 * Shannon entropy of a byte range in bits per byte (0 for one repeated byte, 8 for uniform
 * random bytes), counted into a histogram the caller allocates once: nothing allocated per call.
 */

/** Bits per byte of `bytes[start, end)`; `histogram` is a reused `Uint32Array(256)`. */
export function payloadEntropy(
  bytes: Uint8Array,
  start: number,
  end: number,
  histogram: Uint32Array,
): number {
  const n = end - start;
  if (n <= 0) return 0;
  histogram.fill(0);
  for (let i = start; i < end; i++) histogram[bytes[i]!]!++;
  let bits = 0;
  for (let b = 0; b < 256; b++) {
    const count = histogram[b]!;
    if (count === 0) continue;
    const p = count / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}
