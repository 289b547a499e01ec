/**
 * Linux "cooked" capture, version 1 (DLT_LINUX_SLL), what `tcpdump -i any` produced before
 * SLL2: a 16-byte pseudo-header in place of the link header
 * (https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html).
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeEtherType, decodeLlc, MIN_ETHERTYPE } from "./ether_types.ts";
import { decodeEthernet } from "./ethernet.ts";

/** Packet type, ARPHRD type, address length, 8 address bytes, protocol. */
export const SLL_HEADER_LEN = 16;
/** Link-layer address length of an Ethernet-like device, whose address is then a MAC. */
const MAC_LEN = 6;
/** ARPHRD_NETLINK: the protocol field is a netlink protocol, not an EtherType. */
const ARPHRD_NETLINK = 824;
/** Protocol values below 0x0600 that Linux uses for frames without an EtherType. */
const SLL_P_ETHERNET = 0x0003;
const SLL_P_802_2 = 0x0004;

/** Decode the SLL frame at `off`. The one address SLL keeps (the sender's) goes to `srcMac`. */
export function decodeLinuxSll(data: DataView, off: number, end: number, out: DecodedPacket): void {
  if (end - off < SLL_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  const hatype = data.getUint16(off + 2);
  if (data.getUint16(off + 4) === MAC_LEN) copySourceMac(data, off + 6, out);
  decodeSllProtocol(hatype, data.getUint16(off + 14), data, off + SLL_HEADER_LEN, end, out);
}

/** Copy a 6-byte sender address at `at` into `srcMac` (SLL has no destination address). */
export function copySourceMac(data: DataView, at: number, out: DecodedPacket): void {
  const src = out.srcMac;
  for (let i = 0; i < MAC_LEN; i++) src[i] = data.getUint8(at + i);
  out.hasMac = true;
}

/**
 * Decode the payload of an SLL or SLL2 frame from its protocol field, read as the kernel's
 * `skb->protocol`: an EtherType from 0x0600 up, else one of Linux's ETH_P_ pseudo-types.
 */
export function decodeSllProtocol(
  hatype: number,
  protocol: number,
  data: DataView,
  off: number,
  end: number,
  out: DecodedPacket,
): void {
  if (hatype === ARPHRD_NETLINK) {
    out.l3 = L3.other;
    return;
  }
  if (protocol >= MIN_ETHERTYPE) {
    decodeEtherType(protocol, data, off, end, out);
    return;
  }
  switch (protocol) {
    case SLL_P_802_2:
      decodeLlc(data, off, end, out);
      return;
    case SLL_P_ETHERNET:
      decodeEthernet(data, off, end, out);
      return;
    default:
      out.l3 = L3.other;
  }
}
