/**
 * Copies `length` bytes from one DataView to another, four at a time. The capture loop's frames
 * live in a DataView over libpcap's buffer, and a `subarray` to hand to `Uint8Array.set()`
 * would be an object per packet; the savefile writers and the `--keep` ring both copy this way.
 */
export function copyViewBytes(
  source: DataView,
  from: number,
  length: number,
  target: DataView,
  to: number,
): void {
  const words = length & ~3;
  let i = 0;
  for (; i < words; i += 4) target.setUint32(to + i, source.getUint32(from + i, true), true);
  for (; i < length; i++) target.setUint8(to + i, source.getUint8(from + i));
}
