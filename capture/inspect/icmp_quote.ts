/**
 * ICMP and ICMPv6 error messages quote the datagram that caused them (RFC 792; RFC 4443
 * section 2.4 (c)). tshark dissects the quoted datagram down to its application layer, so a
 * DNS query quoted by a "port unreachable" counts among its DNS query names; the inspector
 * finds it the same way.
 */
import type { DecodedPacket } from "../decode/packet.ts";
import { IpProto } from "../decode/ip_protocols.ts";

/** ICMPv4 messages that quote a datagram: unreachable, source quench, redirect, time exceeded, parameter problem. */
const ICMP_QUOTING_TYPES: ReadonlySet<number> = new Set([3, 4, 5, 11, 12]);
/** ICMPv6 error messages are types 0-127 (RFC 4443 section 2.1); 1-4 are defined. */
const ICMPV6_MAX_ERROR_TYPE = 127;
/** The smallest quote worth a look: an IPv4 header without options and 8 transport bytes. */
const MIN_QUOTE_LEN = 28;

/** Offset of the datagram that the ICMP error `p` quotes, or -1 when it quotes none. */
export function quotedDatagramStart(p: DecodedPacket): number {
  if (p.icmpType < 0 || p.payloadCaptured < MIN_QUOTE_LEN) return -1;
  if (p.ipProto === IpProto.icmp) return ICMP_QUOTING_TYPES.has(p.icmpType) ? p.payloadOffset : -1;
  if (p.ipProto === IpProto.icmpv6 && p.icmpType <= ICMPV6_MAX_ERROR_TYPE) {
    return p.payloadOffset;
  }
  return -1;
}
