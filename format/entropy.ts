/**
 * Shannon entropy of a byte string, in bits per byte (0 to 8): near 8 for encrypted or
 * compressed data, 4-5 for English text, 0 for one repeated byte. What the packet detail shows
 * beside a kept payload.
 */

/** H = -sum(p * log2 p) over the byte values present; 0 for no bytes. */
export function shannonEntropy(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  const counts = new Uint32Array(256);
  for (let i = 0; i < bytes.length; i++) counts[bytes[i]!]!++;
  let h = 0;
  for (let v = 0; v < 256; v++) {
    const c = counts[v]!;
    if (c === 0) continue;
    const p = c / bytes.length;
    h -= p * Math.log2(p);
  }
  return h;
}
