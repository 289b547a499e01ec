/**
 * TCP header (RFC 9293 section 3.1): ports, sequence and acknowledgement numbers, data offset,
 * flags (with NS, RFC 3540) and window.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError } from "./packet.ts";

/** A TCP header without options: data offset 5 (RFC 9293 section 3.1). */
export const TCP_MIN_HEADER_LEN = 20;
/** Source and destination port: the part that flow keys need. */
const PORTS_LEN = 4;

/**
 * Decode the TCP header at `start`. `capEnd` is where the captured bytes of the IP payload stop
 * and `claimedEnd` where the IP header says the payload stops (`capEnd <= claimedEnd`). Every
 * field whose bytes were captured is set, so a snaplen that cuts the options still leaves
 * ports, flags and window.
 */
export function decodeTcp(
  data: DataView,
  start: number,
  capEnd: number,
  claimedEnd: number,
  out: DecodedPacket,
): void {
  const avail = capEnd - start;
  if (avail < TCP_MIN_HEADER_LEN) {
    decodePartialTcp(data, start, avail, out);
    return;
  }
  out.srcPort = data.getUint16(start);
  out.dstPort = data.getUint16(start + 2);
  out.tcpSeq = data.getUint32(start + 4);
  out.tcpAck = data.getUint32(start + 8);
  const offsetAndNs = data.getUint8(start + 12);
  // NS is the low bit of the data-offset byte (RFC 3540 section 9); the other 8 flags follow.
  out.tcpFlags = ((offsetAndNs & 0x01) << 8) | data.getUint8(start + 13);
  out.tcpWindow = data.getUint16(start + 14);

  const headerLen = (offsetAndNs >> 4) * 4;
  if (headerLen < TCP_MIN_HEADER_LEN || headerLen > claimedEnd - start) {
    out.error = DecodeError.badTransportHeader;
    return;
  }
  out.payloadOffset = start + headerLen;
  out.payloadLength = claimedEnd - start - headerLen;
  if (headerLen > avail) {
    // The options run past the snaplen: the header is known, none of the payload is captured.
    out.error = DecodeError.truncatedTransport;
    return;
  }
  out.payloadCaptured = avail - headerLen;
}

/** The fields of a TCP header cut before its 20th byte, each only if its bytes are there. */
function decodePartialTcp(data: DataView, start: number, avail: number, out: DecodedPacket): void {
  out.error = DecodeError.truncatedTransport;
  if (avail < PORTS_LEN) return;
  out.srcPort = data.getUint16(start);
  out.dstPort = data.getUint16(start + 2);
  if (avail < 8) return;
  out.tcpSeq = data.getUint32(start + 4);
  if (avail < 12) return;
  out.tcpAck = data.getUint32(start + 8);
  if (avail < 14) return;
  out.tcpFlags = ((data.getUint8(start + 12) & 0x01) << 8) | data.getUint8(start + 13);
  if (avail < 16) return;
  out.tcpWindow = data.getUint16(start + 14);
}
