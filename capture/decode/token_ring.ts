/**
 * Token Ring (DLT_IEEE802 6, IEEE 802.5): access control and frame control bytes, two 6-byte
 * addresses and, when the source address has its route bit set, a routing information field
 * whose first byte holds its length; then, for LLC frames, an 802.2 LLC header. As tshark 4.0
 * reads it: frame type 1 is LLC, 0 is a MAC frame, 2 and 3 are data.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeLlc } from "./ether_types.ts";

/** Access control, frame control, destination and source address. */
export const TOKEN_RING_HEADER_LEN = 14;
const FRAME_CONTROL_OFFSET = 1;
const FRAME_TYPE_SHIFT = 6;
const FRAME_TYPE_LLC = 1;
/** The source address's first bit: a routing information field follows (802.5 Annex C). */
const SOURCE_OFFSET = 8;
const ROUTE_PRESENT = 0x80;
/** The routing control field's length bits: the field's whole length in bytes. */
const RIF_LENGTH_MASK = 0x1f;

/** Decode a DLT_IEEE802 frame at `off`. */
export function decodeTokenRing(data: DataView, off: number, end: number, out: DecodedPacket) {
  if (end - off < TOKEN_RING_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  if (data.getUint8(off + FRAME_CONTROL_OFFSET) >> FRAME_TYPE_SHIFT !== FRAME_TYPE_LLC) {
    out.l3 = L3.other;
    return;
  }
  let p = off + TOKEN_RING_HEADER_LEN;
  if ((data.getUint8(off + SOURCE_OFFSET) & ROUTE_PRESENT) !== 0) {
    if (p >= end) {
      out.l3 = L3.other;
      out.error = DecodeError.truncatedLink;
      return;
    }
    p += data.getUint8(p) & RIF_LENGTH_MASK;
  }
  decodeLlc(data, p, end, out);
}
