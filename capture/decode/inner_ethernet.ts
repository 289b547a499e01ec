/**
 * An Ethernet frame carried inside another frame (an MPLS pseudowire, 802.1ah, FabricPath,
 * NSH, transparent bridging): its header read for the type, the outer frame's addresses kept.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, Encap, L3 } from "./packet.ts";

/** Destination MAC, source MAC, type/length. */
const INNER_ETHERNET_HEADER_LEN = 14;

/** Read the inner Ethernet header at `off`: its type into `out.etherType`, its payload's offset. */
export function skipInnerEthernet(data: DataView, off: number, end: number, out: DecodedPacket) {
  out.encapsulation |= Encap.innerEthernet;
  if (end - off < INNER_ETHERNET_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return -1;
  }
  out.etherType = data.getUint16(off + 12);
  return off + INNER_ETHERNET_HEADER_LEN;
}
