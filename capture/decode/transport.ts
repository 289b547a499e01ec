/**
 * The step from an IP header to its transport header: dispatch on the protocol number. Other
 * protocols (GRE, ESP, SCTP, IPv6-in-IPv4...) are left opaque, their bytes described as the
 * payload, which is where a later tunnel decoder can pick them up.
 */
import type { DecodedPacket } from "./packet.ts";
import { IpProto } from "./ip_protocols.ts";
import { decodeTcp } from "./tcp.ts";
import { decodeUdp } from "./udp.ts";
import { decodeIcmp } from "./icmp.ts";
import { decodeIcmpv6 } from "./icmpv6.ts";

/**
 * Decode the transport header of protocol `proto` at `start`. `end` is the end of the captured
 * frame and `claimedEnd` the end of the IP payload as the IP header claims it; whichever comes
 * first bounds every read, so an Ethernet trailer or FCS is never taken for payload.
 */
export function decodeTransport(
  proto: number,
  data: DataView,
  start: number,
  end: number,
  claimedEnd: number,
  out: DecodedPacket,
): void {
  const capEnd = end < claimedEnd ? end : claimedEnd;
  switch (proto) {
    case IpProto.tcp:
      decodeTcp(data, start, capEnd, claimedEnd, out);
      return;
    case IpProto.udp:
      decodeUdp(data, start, capEnd, out);
      return;
    case IpProto.icmp:
      decodeIcmp(data, start, capEnd, claimedEnd, out);
      return;
    case IpProto.icmpv6:
      decodeIcmpv6(data, start, capEnd, claimedEnd, out);
      return;
    default:
      setOpaquePayload(start, end, claimedEnd, out);
  }
}

/**
 * Describe the whole IP payload from `start` as transport payload: for protocols without a
 * decoder here, and for non-first fragments, whose bytes are the middle of a datagram.
 */
export function setOpaquePayload(
  start: number,
  end: number,
  claimedEnd: number,
  out: DecodedPacket,
): void {
  const capEnd = end < claimedEnd ? end : claimedEnd;
  out.payloadOffset = start;
  out.payloadLength = claimedEnd - start;
  out.payloadCaptured = capEnd > start ? capEnd - start : 0;
}
