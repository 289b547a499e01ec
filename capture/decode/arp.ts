/**
 * ARP (RFC 826) and RARP (RFC 903), which share one packet format and are counted together as
 * `L3.arp`, as Wireshark dissects both with its ARP dissector.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";

/** Hardware type, protocol type, both address sizes and the operation (RFC 826). */
export const ARP_FIXED_LEN = 8;
/** Protocol type for IPv4 protocol addresses: the IPv4 EtherType. */
const PTYPE_IPV4 = 0x0800;
const IPV4_ADDR_LEN = 4;

/**
 * Decode the ARP/RARP packet at `off`. When the protocol addresses are IPv4 (protocol type
 * 0x0800, size 4), the sender and target IP go to `src` and `dst` with `addrLen` 4; their
 * offsets follow from the hardware size in the header, whatever it is.
 */
export function decodeArp(data: DataView, off: number, end: number, out: DecodedPacket): void {
  out.l3 = L3.arp;
  if (end - off < ARP_FIXED_LEN) {
    out.error = DecodeError.truncatedArp;
    return;
  }
  const ptype = data.getUint16(off + 2);
  const hlen = data.getUint8(off + 4);
  const plen = data.getUint8(off + 5);
  out.arpOp = data.getUint16(off + 6);
  // Sender hardware and protocol address, then target hardware and protocol address.
  if (end - off - ARP_FIXED_LEN < 2 * (hlen + plen)) {
    out.error = DecodeError.truncatedArp;
    return;
  }
  if (ptype !== PTYPE_IPV4 || plen !== IPV4_ADDR_LEN) return;
  const senderIp = off + ARP_FIXED_LEN + hlen;
  const targetIp = senderIp + IPV4_ADDR_LEN + hlen;
  const src = out.src;
  const dst = out.dst;
  for (let i = 0; i < IPV4_ADDR_LEN; i++) {
    src[i] = data.getUint8(senderIp + i);
    dst[i] = data.getUint8(targetIp + i);
  }
  out.addrLen = IPV4_ADDR_LEN;
}
