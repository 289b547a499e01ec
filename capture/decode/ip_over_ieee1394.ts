/**
 * IP over IEEE 1394 as Linux and macOS capture it (DLT_APPLE_IP_OVER_IEEE1394 138): two
 * 8-byte EUI-64 addresses, then an EtherType (RFC 2734 carries IPv4, RFC 3146 IPv6).
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeEtherType } from "./ether_types.ts";

/** Destination and source EUI-64. */
const ADDRESSES_LEN = 16;
export const IEEE1394_HEADER_LEN = ADDRESSES_LEN + 2;

/** Decode a DLT_APPLE_IP_OVER_IEEE1394 frame at `off`. */
export function decodeIpOverIeee1394(
  data: DataView,
  off: number,
  end: number,
  out: DecodedPacket,
): void {
  if (end - off < IEEE1394_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  const type = data.getUint16(off + ADDRESSES_LEN);
  decodeEtherType(type, data, off + IEEE1394_HEADER_LEN, end, out);
}
