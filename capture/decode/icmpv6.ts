/** ICMPv6 (RFC 4443): type and code, for errors, echo, Neighbor Discovery and MLD alike. */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError } from "./packet.ts";

/**
 * Type, code, checksum (RFC 4443 section 2.1) and the 32-bit field that every message defined by
 * RFC 4443, RFC 4861 (Neighbor Discovery) and RFC 3810 (MLDv2) has next. The payload starts
 * after it: echo data, ND target and options, or the packet an error quotes.
 */
export const ICMPV6_HEADER_LEN = 8;
/** Type and code. */
const TYPE_CODE_LEN = 2;

/** Decode the ICMPv6 header at `start`; `capEnd`/`claimedEnd` as for `decodeTcp()`. */
export function decodeIcmpv6(
  data: DataView,
  start: number,
  capEnd: number,
  claimedEnd: number,
  out: DecodedPacket,
): void {
  const avail = capEnd - start;
  if (avail < TYPE_CODE_LEN) {
    out.error = DecodeError.truncatedTransport;
    return;
  }
  out.icmpType = data.getUint8(start);
  out.icmpCode = data.getUint8(start + 1);
  if (avail < ICMPV6_HEADER_LEN) {
    out.error = DecodeError.truncatedTransport;
    return;
  }
  out.payloadOffset = start + ICMPV6_HEADER_LEN;
  out.payloadLength = claimedEnd - start - ICMPV6_HEADER_LEN;
  out.payloadCaptured = avail - ICMPV6_HEADER_LEN;
}
