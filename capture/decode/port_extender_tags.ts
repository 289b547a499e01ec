/**
 * Port extender tags, which bridges insert like a VLAN tag: IEEE 802.1BR's E-TAG (EtherType
 * 0x893f, 6 bytes) and Cisco's VN-Tag (0x8926, 4 bytes). Each is followed by the next type.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";

/** E-PCP, E-DEI, ingress and E-CID fields (802.1BR-2012 section 7.7). */
export const E_TAG_LEN = 6;
/** Direction, pointer, looped, destination and source VIFs. */
export const VN_TAG_LEN = 4;
const TYPE_LEN = 2;

/** Skip an E-TAG at `off`: the type after it into `out.etherType`, its offset back. */
export function skipETag(data: DataView, off: number, end: number, out: DecodedPacket): number {
  return skipTag(E_TAG_LEN, data, off, end, out);
}

/** Skip a VN-Tag at `off`: the type after it into `out.etherType`, its offset back. */
export function skipVnTag(data: DataView, off: number, end: number, out: DecodedPacket): number {
  return skipTag(VN_TAG_LEN, data, off, end, out);
}

function skipTag(len: number, data: DataView, off: number, end: number, out: DecodedPacket) {
  if (end - off < len + TYPE_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return -1;
  }
  out.etherType = data.getUint16(off + len);
  return off + len + TYPE_LEN;
}
