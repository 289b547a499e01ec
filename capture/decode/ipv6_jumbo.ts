/**
 * The Jumbo Payload option (RFC 2675): an IPv6 packet longer than 65,535 bytes has a payload
 * length of 0 and its real length in a Hop-by-Hop option. Linux BIG TCP sends such packets
 * between its own stack and the NIC, so a capture on the host sees them.
 */

/** Option type 0xC2 and its 4-byte value (RFC 2675 section 2). */
const JUMBO_OPTION = 0xc2;
const JUMBO_OPTION_LEN = 4;
/** A jumbo length of 65,535 or less is invalid (RFC 2675 section 3); tshark then stops. */
const MIN_JUMBO_LENGTH = 65_536;
const PAD1 = 0;
/** Next Header and Hdr Ext Len, before the options. */
const OPTIONS_START = 2;

/**
 * The payload length the Jumbo Payload option of the Hop-by-Hop header at `off` gives, or 0 when
 * there is none (or it is invalid, or not captured). Reads only inside `[off, end)` and the
 * header's own length.
 */
export function jumboPayloadLength(data: DataView, off: number, end: number): number {
  if (end - off < OPTIONS_START) return 0;
  let headerEnd = off + (data.getUint8(off + 1) + 1) * 8;
  if (headerEnd > end) headerEnd = end;
  let p = off + OPTIONS_START;
  // Each step moves past at least one byte, so the walk ends within the header.
  while (p < headerEnd) {
    const type = data.getUint8(p);
    if (type === PAD1) {
      p++;
      continue;
    }
    if (headerEnd - p < 2) return 0;
    const len = data.getUint8(p + 1);
    if (type === JUMBO_OPTION) {
      if (len !== JUMBO_OPTION_LEN || headerEnd - p < 2 + JUMBO_OPTION_LEN) return 0;
      const jumbo = data.getUint32(p + 2);
      return jumbo >= MIN_JUMBO_LENGTH ? jumbo : 0;
    }
    p += 2 + len;
  }
  return 0;
}
