/**
 * IP over Fibre Channel (DLT_IP_OVER_FC 122, RFC 2625): the 16-byte network header (two
 * 8-byte Network Address Authority addresses), then an 802.2 LLC/SNAP header.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeLlc } from "./ether_types.ts";

/** Destination and source network address (RFC 2625 section 5.2). */
export const FC_NETWORK_HEADER_LEN = 16;

/** Decode a DLT_IP_OVER_FC frame at `off`. */
export function decodeIpOverFc(data: DataView, off: number, end: number, out: DecodedPacket) {
  if (end - off < FC_NETWORK_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  decodeLlc(data, off + FC_NETWORK_HEADER_LEN, end, out);
}
