/** ICMP for IPv4 (RFC 792): type and code. */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError } from "./packet.ts";

/**
 * Type, code, checksum and the 32-bit field every RFC 792 message has next (identifier and
 * sequence, or unused). The payload starts after it: echo data, or the datagram an error quotes.
 */
export const ICMP_HEADER_LEN = 8;
/** Type and code. */
const TYPE_CODE_LEN = 2;

/** Decode the ICMP header at `start`; `capEnd`/`claimedEnd` as for `decodeTcp()`. */
export function decodeIcmp(
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
  if (avail < ICMP_HEADER_LEN) {
    out.error = DecodeError.truncatedTransport;
    return;
  }
  out.payloadOffset = start + ICMP_HEADER_LEN;
  out.payloadLength = claimedEnd - start - ICMP_HEADER_LEN;
  out.payloadCaptured = avail - ICMP_HEADER_LEN;
}
