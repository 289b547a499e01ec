/** PPPoE session stage (RFC 2516 section 5.2) carrying PPP (RFC 1661) with IPv4 or IPv6. */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, Encap, L3 } from "./packet.ts";
import { decodeIPv4 } from "./ipv4.ts";
import { decodeIPv6 } from "./ipv6.ts";

/** VER/TYPE, CODE, SESSION_ID and LENGTH (RFC 2516 section 4). */
export const PPPOE_HEADER_LEN = 6;
/** PPP Protocol field, never compressed inside PPPoE (RFC 2516 section 7). */
const PPP_PROTOCOL_LEN = 2;
/** PPP protocol numbers for IPv4 (RFC 1332) and IPv6 (RFC 5072). */
const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057;

/** Decode a PPPoE session frame at `off` (EtherType 0x8864) and the IP packet it carries. */
export function decodePppoeSession(
  data: DataView,
  off: number,
  end: number,
  out: DecodedPacket,
): void {
  out.encapsulation |= Encap.pppoe;
  if (end - off < PPPOE_HEADER_LEN + PPP_PROTOCOL_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedPppoe;
    return;
  }
  const protocol = data.getUint16(off + PPPOE_HEADER_LEN);
  const p = off + PPPOE_HEADER_LEN + PPP_PROTOCOL_LEN;
  if (protocol === PPP_IPV4) decodeIPv4(data, p, end, out);
  else if (protocol === PPP_IPV6) decodeIPv6(data, p, end, out);
  else out.l3 = L3.other;
}
