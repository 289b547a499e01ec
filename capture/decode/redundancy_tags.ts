/**
 * Tags that frame-replication schemes insert like a VLAN tag, each 4 bytes before the next
 * type: IEC 62439-3 HSR (EtherType 0x892f: path, size, sequence number) and IEEE 802.1CB's
 * R-TAG (0xf1c1: reserved, sequence number).
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";

export const REDUNDANCY_TAG_LEN = 4;
const TYPE_LEN = 2;

/** Skip an HSR tag or R-TAG at `off`: the type after it into `out.etherType`, its offset back. */
export function skipRedundancyTag(data: DataView, off: number, end: number, out: DecodedPacket) {
  if (end - off < REDUNDANCY_TAG_LEN + TYPE_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return -1;
  }
  out.etherType = data.getUint16(off + REDUNDANCY_TAG_LEN);
  return off + REDUNDANCY_TAG_LEN + TYPE_LEN;
}
