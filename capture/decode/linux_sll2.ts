/**
 * Linux "cooked" capture, version 2 (DLT_LINUX_SLL2), what `tcpdump -i any` writes since libpcap
 * 1.10: a 20-byte pseudo-header that adds the interface index
 * (https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html).
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { copySourceMac, decodeSllProtocol } from "./linux_sll.ts";

/** Protocol, reserved, interface index, ARPHRD type, packet type, address length, 8 bytes. */
export const SLL2_HEADER_LEN = 20;
const MAC_LEN = 6;

/** Decode the SLL2 frame at `off`. The one address SLL2 keeps (the sender's) goes to `srcMac`. */
export function decodeLinuxSll2(
  data: DataView,
  off: number,
  end: number,
  out: DecodedPacket,
): void {
  if (end - off < SLL2_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  if (data.getUint8(off + 11) === MAC_LEN) copySourceMac(data, off + 12, out);
  const hatype = data.getUint16(off + 8);
  decodeSllProtocol(hatype, data.getUint16(off), data, off + SLL2_HEADER_LEN, end, out);
}
