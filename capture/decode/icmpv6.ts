/** ICMPv6 (RFC 4443): type and code, for errors, echo, Neighbor Discovery and MLD alike. */
import { decodeIcmp, ICMP_HEADER_LEN } from "./icmp.ts";

/**
 * Type, code, checksum (RFC 4443 section 2.1) and the 32-bit field that every message defined by
 * RFC 4443, RFC 4861 (Neighbor Discovery) and RFC 3810 (MLDv2) has next: the same 8 bytes as
 * ICMP for IPv4, so the same decoder reads both. The payload starts after them: echo data, ND
 * target and options, or the packet an error quotes.
 */
export const ICMPV6_HEADER_LEN = ICMP_HEADER_LEN;

/** Decode the ICMPv6 header at `start`; `capEnd`/`claimedEnd` as for `decodeTcp()`. */
export const decodeIcmpv6: typeof decodeIcmp = decodeIcmp;
