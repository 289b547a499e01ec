/** Ethernet II and IEEE 802.3 frames (DLT_EN10MB). */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeEtherType } from "./ether_types.ts";

/** Destination MAC, source MAC, type/length (IEEE 802.3 clause 3.1.1). */
export const ETHERNET_HEADER_LEN = 14;
const MAC_LEN = 6;

/** Decode the Ethernet frame at `off` and everything it carries, up to `end`. */
export function decodeEthernet(data: DataView, off: number, end: number, out: DecodedPacket): void {
  if (end - off < ETHERNET_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  const dst = out.dstMac;
  const src = out.srcMac;
  for (let i = 0; i < MAC_LEN; i++) {
    dst[i] = data.getUint8(off + i);
    src[i] = data.getUint8(off + MAC_LEN + i);
  }
  out.hasMac = true;
  decodeEtherType(data.getUint16(off + 12), data, off + ETHERNET_HEADER_LEN, end, out);
}
