/**
 * PPPoE session stage (RFC 2516 section 5.2) carrying PPP (RFC 1661): EtherType 0x8864, and
 * the header DLT_PPP_ETHER frames start with.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, Encap, L3 } from "./packet.ts";
import { skipPppProtocol } from "./ppp_protocol.ts";

/** VER/TYPE, CODE, SESSION_ID and LENGTH (RFC 2516 section 4). */
export const PPPOE_HEADER_LEN = 6;
/** PPP Protocol field, never compressed inside PPPoE (RFC 2516 section 7). */
const PPP_PROTOCOL_LEN = 2;

/**
 * Read a PPPoE session header at `off` and the PPP Protocol field after it: the EtherType of
 * what PPP carries into `out.etherType`, and its offset back; -1 when it carries no network
 * layer here (LCP, IPCP...).
 */
export function skipPppoeSession(
  data: DataView,
  off: number,
  end: number,
  out: DecodedPacket,
): number {
  out.encapsulation |= Encap.pppoe;
  if (end - off < PPPOE_HEADER_LEN + PPP_PROTOCOL_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedPppoe;
    return -1;
  }
  return skipPppProtocol(data, off + PPPOE_HEADER_LEN, end, out);
}
