/**
 * Customer frames inside provider frames: IEEE 802.1ah provider backbone bridging (an I-TAG,
 * EtherType 0x88e7, then the customer's Ethernet header) and Cisco FabricPath (a 16-byte
 * header shaped like an Ethernet header of type 0x8903 plus a forwarding tag, then the
 * customer's frame).
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, Encap, L3 } from "./packet.ts";
import { skipInnerEthernet } from "./inner_ethernet.ts";

/** Priority, drop eligibility, use-customer-address bit and the 24-bit I-SID (802.1ah 9.7). */
export const PBB_I_TAG_LEN = 4;
/** FabricPath's FTag and TTL, after its 0x8903 type field. */
export const FABRICPATH_TAG_LEN = 2;

/** Skip an I-TAG at `off` and read the customer Ethernet header after it. */
export function skipPbbTag(data: DataView, off: number, end: number, out: DecodedPacket) {
  out.encapsulation |= Encap.macInMac;
  if (end - off < PBB_I_TAG_LEN) return truncated(out);
  return skipInnerEthernet(data, off + PBB_I_TAG_LEN, end, out);
}

/** Skip the FabricPath tag at `off` (after the type field) and read the customer header. */
export function skipFabricPath(data: DataView, off: number, end: number, out: DecodedPacket) {
  out.encapsulation |= Encap.macInMac;
  if (end - off < FABRICPATH_TAG_LEN) return truncated(out);
  return skipInnerEthernet(data, off + FABRICPATH_TAG_LEN, end, out);
}

function truncated(out: DecodedPacket): -1 {
  out.l3 = L3.other;
  out.error = DecodeError.truncatedLink;
  return -1;
}
