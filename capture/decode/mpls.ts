/**
 * MPLS label stacks (RFC 3032) and what follows the bottom of the stack: IPv4, IPv6, an
 * Ethernet pseudowire (RFC 4448) with or without its control word (RFC 4385), or a pseudowire
 * associated channel carrying IP (RFC 5586). MPLS does not say what it carries; the first
 * nibble does, as tshark reads it.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, Encap, L3 } from "./packet.ts";

/** One label stack entry: label, traffic class, bottom-of-stack bit, TTL (RFC 3032). */
export const MPLS_LABEL_LEN = 4;
/**
 * Labels read before the stack is called malformed. Real stacks hold 2 to 5 (transport, VPN,
 * entropy, segment routing hops); 16 leaves room for long segment lists while a frame made of
 * labels costs at most 16 reads.
 */
export const MAX_MPLS_LABELS = 16;
/** The pseudowire control word, and the associated channel header that starts 0001 (RFC 4385). */
const PW_CONTROL_WORD_LEN = 4;
/** Associated channel types that carry IP (RFC 4385 section 5, IANA "PW Associated Channel Type"). */
const ACH_IPV4 = 0x0021;
const ACH_IPV6 = 0x0057;
/** Destination and source MAC, then the type of an Ethernet frame. */
const ETHERNET_TYPE_AT = 12;
/** The EtherTypes this step hands on: IPv4, IPv6 and a whole Ethernet frame. */
const NEXT_IPV4 = 0x0800;
const NEXT_IPV6 = 0x86dd;
const NEXT_ETHERNET = 0x6558;

/**
 * Skip the label stack at `off`. Sets `out.etherType` to what the bottom entry carries and
 * returns its offset; -1 (with `l3` set) for a stack cut short, too long, or carrying nothing
 * tshark reads.
 */
export function skipMplsStack(data: DataView, off: number, end: number, out: DecodedPacket) {
  out.encapsulation |= Encap.mpls;
  let p = off;
  for (let count = 0;; count++) {
    if (count === MAX_MPLS_LABELS) {
      out.l3 = L3.other;
      out.error = DecodeError.tooManyEncapsulations;
      return -1;
    }
    if (end - p < MPLS_LABEL_LEN) {
      out.l3 = L3.other;
      out.error = DecodeError.truncatedLink;
      return -1;
    }
    const bottom = data.getUint8(p + 2) & 0x01;
    p += MPLS_LABEL_LEN;
    if (bottom !== 0) break;
  }
  if (end - p < 1) {
    out.l3 = L3.other;
    return -1;
  }
  switch (data.getUint8(p) >> 4) {
    case 4:
      out.etherType = NEXT_IPV4;
      return p;
    case 6:
      out.etherType = NEXT_IPV6;
      return p;
    case 0:
      out.etherType = NEXT_ETHERNET;
      return ethernetPseudowireStart(data, p, end);
    case 1:
      return skipAssociatedChannel(data, p, end, out);
  }
  out.l3 = L3.other;
  return -1;
}

/**
 * Where the Ethernet frame of a payload whose first nibble is 0 starts: right there (its
 * destination MAC starts with 0), or after a control word. The control word is assumed (RFC 8469: it SHOULD be used) unless
 * the bytes read as a plain frame of two globally assigned unicast addresses and a known
 * EtherType, and read worse with a control word in front. tshark 4.0 decides by whether both
 * addresses belong to a known vendor; the EtherType stands in for its vendor table.
 */
function ethernetPseudowireStart(data: DataView, off: number, end: number): number {
  const withWord = off + PW_CONTROL_WORD_LEN;
  if (looksLikePlainEthernet(data, off, end) && !looksLikeEtherType(data, withWord + 12, end)) {
    return off;
  }
  return withWord;
}

function looksLikePlainEthernet(data: DataView, off: number, end: number): boolean {
  if (end - off < ETHERNET_TYPE_AT + 2) return false;
  // The group bit or the locally-administered bit in either address: no vendor owns it.
  if ((data.getUint8(off) & 0x03) !== 0 || (data.getUint8(off + 6) & 0x03) !== 0) return false;
  return looksLikeEtherType(data, off + ETHERNET_TYPE_AT, end);
}

/** Whether the 16 bits at `at` are an EtherType a frame commonly carries. */
function looksLikeEtherType(data: DataView, at: number, end: number): boolean {
  if (end - at < 2) return false;
  switch (data.getUint16(at)) {
    case 0x0800:
    case 0x86dd:
    case 0x0806:
    case 0x8100:
    case 0x88a8:
    case 0x8847:
    case 0x8848:
    case 0x8863:
    case 0x8864:
      return true;
  }
  return false;
}

/** An associated channel header (first nibble 1) and the IP packet its channel type names. */
function skipAssociatedChannel(data: DataView, off: number, end: number, out: DecodedPacket) {
  const channel = end - off < PW_CONTROL_WORD_LEN ? -1 : data.getUint16(off + 2);
  if (channel === ACH_IPV4) out.etherType = NEXT_IPV4;
  else if (channel === ACH_IPV6) out.etherType = NEXT_IPV6;
  else {
    out.l3 = L3.other;
    if (channel < 0) out.error = DecodeError.truncatedLink;
    return -1;
  }
  return off + PW_CONTROL_WORD_LEN;
}
