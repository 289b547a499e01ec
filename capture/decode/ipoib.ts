/**
 * IP over InfiniBand (DLT_IPOIB 242): as tshark 4.0 reads the link type, a 40-byte
 * pseudo-header (the GRH, or the destination GID and address) before the RFC 4391 section 6
 * encapsulation header, an EtherType and two reserved bytes.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeEtherType } from "./ether_types.ts";

const PSEUDO_HEADER_LEN = 40;
/** Type and reserved (RFC 4391 section 6). */
const ENCAPSULATION_HEADER_LEN = 4;
export const IPOIB_HEADER_LEN = PSEUDO_HEADER_LEN + ENCAPSULATION_HEADER_LEN;

/** Decode a DLT_IPOIB frame at `off`. */
export function decodeIpoib(data: DataView, off: number, end: number, out: DecodedPacket): void {
  if (end - off < IPOIB_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  decodeEtherType(data.getUint16(off + PSEUDO_HEADER_LEN), data, off + IPOIB_HEADER_LEN, end, out);
}
