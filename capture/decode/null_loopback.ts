/**
 * BSD loopback encapsulations: DLT_NULL, a 4-byte address family in the byte order of the host
 * that captured, and DLT_LOOP (OpenBSD), the same in network byte order
 * (https://www.tcpdump.org/linktypes/LINKTYPE_NULL.html).
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeIPv4 } from "./ipv4.ts";
import { decodeIPv6 } from "./ipv6.ts";
import { decodeEtherType, MAX_8023_LENGTH } from "./ether_types.ts";

/** The address family word. */
export const NULL_HEADER_LEN = 4;
const AF_INET = 2;
/** AF_INET6 differs per BSD: NetBSD/OpenBSD/BSD/OS, FreeBSD/DragonFly, and Darwin (macOS). */
const AF_INET6_BSD = 24;
const AF_INET6_FREEBSD = 28;
const AF_INET6_DARWIN = 30;
/** Address families fit in 16 bits, so a larger value was read in the wrong byte order. */
const MAX_FAMILY = 0xffff;

/** Decode a DLT_NULL frame at `off`, whichever byte order its address family was written in. */
export function decodeNull(data: DataView, off: number, end: number, out: DecodedPacket): void {
  if (end - off < NULL_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  let family = data.getUint32(off, true);
  if (family > MAX_FAMILY) family = data.getUint32(off, false);
  decodeFamily(family, data, off + NULL_HEADER_LEN, end, out);
}

/** Decode a DLT_LOOP frame at `off`: the address family is always big-endian. */
export function decodeLoop(data: DataView, off: number, end: number, out: DecodedPacket): void {
  if (end - off < NULL_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  decodeFamily(data.getUint32(off, false), data, off + NULL_HEADER_LEN, end, out);
}

/**
 * Decode the packet at `off` by its BSD address family: AF_INET, any BSD's AF_INET6, or (for
 * old captures) an EtherType. Shared by the link types that carry one (NULL, LOOP, ENC, PFLOG).
 */
export function decodeFamily(
  family: number,
  data: DataView,
  off: number,
  end: number,
  out: DecodedPacket,
): void {
  switch (family) {
    case AF_INET:
      decodeIPv4(data, off, end, out);
      return;
    case AF_INET6_BSD:
    case AF_INET6_FREEBSD:
    case AF_INET6_DARWIN:
      decodeIPv6(data, off, end, out);
      return;
    default:
      // Some old captures hold an EtherType here instead; Wireshark reads any value above an
      // 802.3 length that way, and so do we.
      if (family > MAX_8023_LENGTH && family <= MAX_FAMILY) {
        decodeEtherType(family, data, off, end, out);
      } else {
        out.l3 = L3.other;
      }
  }
}
