/** Network Service Header (RFC 8300), EtherType 0x894f: service function chaining metadata. */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, Encap, L3 } from "./packet.ts";
import { skipInnerEthernet } from "./inner_ethernet.ts";

/** Base header and service path header (RFC 8300 section 2.2): the least an NSH can be. */
export const NSH_MIN_LEN = 8;
/** The Length field counts 4-byte words, the whole NSH included (RFC 8300 section 2.2). */
const NSH_WORD = 4;
const NSH_LENGTH_MASK = 0x3f;
/** Next Protocol values (IANA "NSH Next Protocol"): IPv4, IPv6, Ethernet, NSH, MPLS. */
const NEXT_IPV4 = 1;
const NEXT_IPV6 = 2;
const NEXT_ETHERNET = 3;
const NEXT_NSH = 4;
const NEXT_MPLS = 5;

/** Skip the NSH at `off`; what it carries goes to `out.etherType`, its offset is returned. */
export function skipNsh(data: DataView, off: number, end: number, out: DecodedPacket): number {
  out.encapsulation |= Encap.nsh;
  if (end - off < NSH_MIN_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return -1;
  }
  const len = (data.getUint16(off) & NSH_LENGTH_MASK) * NSH_WORD;
  const p = off + (len < NSH_MIN_LEN ? NSH_MIN_LEN : len);
  switch (data.getUint8(off + 3)) {
    case NEXT_IPV4:
      out.etherType = 0x0800;
      return p;
    case NEXT_IPV6:
      out.etherType = 0x86dd;
      return p;
    case NEXT_NSH:
      out.etherType = 0x894f;
      return p;
    case NEXT_MPLS:
      out.etherType = 0x8847;
      return p;
    case NEXT_ETHERNET:
      return skipInnerEthernet(data, p, end, out);
  }
  out.l3 = L3.other;
  return -1;
}
