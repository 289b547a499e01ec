/** UDP header (RFC 768): ports and length. */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError } from "./packet.ts";

/** Ports, length and checksum (RFC 768). A length below this is a lie. */
export const UDP_HEADER_LEN = 8;
/** Source and destination port: the part that flow keys need. */
const PORTS_LEN = 4;

/**
 * Decode the UDP header at `start`; `capEnd` is where the captured bytes of the IP payload stop.
 * The payload length is the one the UDP header claims: for the first fragment of a datagram
 * that is the whole datagram's, larger than the fragment.
 */
export function decodeUdp(
  data: DataView,
  start: number,
  capEnd: number,
  out: DecodedPacket,
): void {
  const avail = capEnd - start;
  if (avail < PORTS_LEN) {
    out.error = DecodeError.truncatedTransport;
    return;
  }
  out.srcPort = data.getUint16(start);
  out.dstPort = data.getUint16(start + 2);
  if (avail < UDP_HEADER_LEN) {
    out.error = DecodeError.truncatedTransport;
    return;
  }
  const udpLen = data.getUint16(start + 4);
  if (udpLen < UDP_HEADER_LEN) {
    out.error = DecodeError.badTransportHeader;
    return;
  }
  const payloadStart = start + UDP_HEADER_LEN;
  const udpEnd = start + udpLen;
  out.payloadOffset = payloadStart;
  out.payloadLength = udpLen - UDP_HEADER_LEN;
  out.payloadCaptured = (udpEnd < capEnd ? udpEnd : capEnd) - payloadStart;
}
