/** QUIC variable-length integers (RFC 9000 section 16): 1, 2, 4 or 8 bytes, length in the top 2 bits. */

/** Returned by `readVarint()` when the integer runs past `end`. */
export const VARINT_TRUNCATED = -1;

/** Length in bytes of the varint at the last `readVarint()`. Module scope: one read at a time. */
export let varintLength = 0;

/**
 * The varint at `at`, or `VARINT_TRUNCATED`. 8-byte values past 2^53 lose precision, which
 * only makes a length bound check fail, as it must for such a value.
 */
export function readVarint(data: DataView, at: number, end: number): number {
  if (at >= end) return VARINT_TRUNCATED;
  const first = data.getUint8(at);
  const len = 1 << (first >> 6);
  if (at + len > end) return VARINT_TRUNCATED;
  varintLength = len;
  switch (len) {
    case 1:
      return first & 0x3f;
    case 2:
      return data.getUint16(at) & 0x3fff;
    case 4:
      return data.getUint32(at) & 0x3fffffff;
    default:
      return (data.getUint32(at) & 0x3fffffff) * 0x1_0000_0000 + data.getUint32(at + 4);
  }
}
