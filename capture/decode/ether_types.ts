/**
 * EtherType dispatch: from the type field of an Ethernet, SLL or SNAP header to the network
 * layer, through any VLAN tags and PPPoE. Shared by every link type that carries EtherTypes.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { isVlanTpid, skipVlanTags } from "./vlan.ts";
import { LLC_SNAP_HEADER_LEN, LLC_TRUNCATED, llcSnapEtherType } from "./llc.ts";
import { decodePppoeSession } from "./pppoe.ts";
import { decodeIPv4 } from "./ipv4.ts";
import { decodeIPv6 } from "./ipv6.ts";
import { decodeArp } from "./arp.ts";

/** The EtherTypes the decoder acts on (IEEE registry; VLAN TPIDs are in `vlan.ts`). */
export const EtherType = {
  ipv4: 0x0800,
  arp: 0x0806,
  rarp: 0x8035,
  ipv6: 0x86dd,
  pppoeDiscovery: 0x8863,
  pppoeSession: 0x8864,
} as const;

/**
 * Type/length values up to 1500 are an 802.3 length, followed by an LLC header; from 1536
 * (0x0600) up they are EtherTypes (IEEE 802.3 clause 3.2.6). Values between are neither.
 */
export const MAX_8023_LENGTH = 1500;
export const MIN_ETHERTYPE = 0x0600;

/**
 * Decode what follows a type/length field of value `type`, starting at `off`: VLAN tags, then
 * an LLC frame (for a length) or the network layer (for an EtherType).
 */
export function decodeEtherType(
  type: number,
  data: DataView,
  off: number,
  end: number,
  out: DecodedPacket,
): void {
  let t = type;
  let p = off;
  if (isVlanTpid(t)) {
    p = skipVlanTags(t, data, p, end, out);
    if (p < 0) return;
    t = out.etherType;
  }
  if (t <= MAX_8023_LENGTH) {
    out.etherType = -1;
    decodeLlc(data, p, end, out);
    return;
  }
  decodeNetwork(t, data, p, end, out);
}

/** Decode an 802.2 LLC frame at `off`: only a SNAP header leads anywhere but `L3.other`. */
export function decodeLlc(data: DataView, off: number, end: number, out: DecodedPacket): void {
  const snapType = llcSnapEtherType(data, off, end);
  if (snapType < 0) {
    out.l3 = L3.other;
    if (snapType === LLC_TRUNCATED) out.error = DecodeError.truncatedLink;
    return;
  }
  decodeNetwork(snapType, data, off + LLC_SNAP_HEADER_LEN, end, out);
}

/** Hand the bytes at `off` to the decoder of EtherType `type`; unknown types are `L3.other`. */
function decodeNetwork(
  type: number,
  data: DataView,
  off: number,
  end: number,
  out: DecodedPacket,
): void {
  out.etherType = type;
  switch (type) {
    case EtherType.ipv4:
      decodeIPv4(data, off, end, out);
      return;
    case EtherType.ipv6:
      decodeIPv6(data, off, end, out);
      return;
    case EtherType.arp:
    case EtherType.rarp:
      decodeArp(data, off, end, out);
      return;
    case EtherType.pppoeSession:
      decodePppoeSession(data, off, end, out);
      return;
    default:
      out.l3 = L3.other;
  }
}
