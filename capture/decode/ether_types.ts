/**
 * EtherType dispatch: from the type field of an Ethernet, SLL or SNAP header to the network
 * layer, through whatever stands between: VLAN tags, PPPoE, MPLS label stacks and the Ethernet
 * frames pseudowires carry, 802.1ah, FabricPath and TRILL customer frames, NSH, integrity-only
 * MACsec, E-TAG, VN-Tag, HSR, 802.1CB R-TAG, Cisco MetaData (TrustSec) and Jumbo LLC. Shared by
 * every link type that carries EtherTypes.
 *
 * Each encapsulation is one step: it reads its header, sets `out.etherType` to what follows and
 * returns where that starts (or -1 once the frame is decided). The loop here takes the steps,
 * so nothing recurses and a frame of frames costs at most `MAX_LINK_NESTING` of them.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { isVlanTpid, skipInnerVlanTags, skipVlanTags } from "./vlan.ts";
import { LLC_SNAP_HEADER_LEN, LLC_TRUNCATED, llcSnapEtherType } from "./llc.ts";
import { skipPppoeSession } from "./pppoe.ts";
import { skipMplsStack } from "./mpls.ts";
import { skipInnerEthernet } from "./inner_ethernet.ts";
import { skipFabricPath, skipPbbTag } from "./mac_in_mac.ts";
import { skipNsh } from "./nsh.ts";
import { skipMacsec } from "./macsec.ts";
import { skipETag, skipVnTag } from "./port_extender_tags.ts";
import { skipRedundancyTag } from "./redundancy_tags.ts";
import { skipTrill } from "./trill.ts";
import { skipCiscoMetadata } from "./cisco_metadata.ts";
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
  /** MPLS unicast and multicast (RFC 5332). */
  mpls: 0x8847,
  mplsMulticast: 0x8848,
  /** Transparent Ethernet Bridging: a whole Ethernet frame follows (GRE, NVGRE, NSH...). */
  ethernet: 0x6558,
  /** IEEE 802.1ah backbone service instance tag (I-TAG). */
  pbb: 0x88e7,
  macsec: 0x88e5,
  /** Network Service Header (RFC 8300). */
  nsh: 0x894f,
  /** IEEE 802.1BR E-TAG. */
  eTag: 0x893f,
  /** Cisco VN-Tag (the pre-standard form of 802.1BR). */
  vnTag: 0x8926,
  /** Cisco FabricPath: the outer "Ethernet" header was a FabricPath header. */
  fabricPath: 0x8903,
  /** IEC 62439-3 High-availability Seamless Redundancy tag. */
  hsr: 0x892f,
  /** IEEE 802.1CB redundancy tag. */
  rTag: 0xf1c1,
  /** TRILL (RFC 6325): a customer frame inside. */
  trill: 0x22f3,
  /** Cisco MetaData: TrustSec's Security Group Tag, then the next type. */
  ciscoMetadata: 0x8909,
  /** An 802.2 LLC header where a length would not fit (jumbo frames; tshark reads it so). */
  jumboLlc: 0x8870,
} as const;

/**
 * Type/length values up to 1500 are an 802.3 length, followed by an LLC header; from 1536
 * (0x0600) up they are EtherTypes (IEEE 802.3 clause 3.2.6). Values between are neither.
 */
export const MAX_8023_LENGTH = 1500;
export const MIN_ETHERTYPE = 0x0600;
/**
 * Encapsulation steps taken inside one frame. Real frames take two or three (VLAN, MPLS, a
 * pseudowire's frame, its VLAN); eight stops a crafted frame of frames after eight headers.
 */
export const MAX_LINK_NESTING = 8;
const FABRICPATH_FCS_LEN = 4;

/**
 * Decode what follows a type/length field of value `type`, starting at `off`: VLAN tags and
 * other encapsulations, then an LLC frame (for a length) or the network layer.
 */
export function decodeEtherType(
  type: number,
  data: DataView,
  off: number,
  frameEnd: number,
  out: DecodedPacket,
): void {
  let end = frameEnd;
  let t = type;
  let p = off;
  out.etherType = t;
  // Tags straight after the link header first, as they come: the common tagged frame then
  // takes no step below.
  if (isVlanTpid(t)) {
    p = skipVlanTags(t, data, p, end, out);
    if (p < 0) return;
    t = out.etherType;
  }
  // `etherType` ends as the first EtherType after any VLAN tags (0x8864 for PPPoE, 0x8847 for
  // MPLS), what the frame carries as a link layer sees it; the steps use it as their scratch.
  let outer = -1;
  let steps = 0;
  while (
    t !== EtherType.ipv4 && t !== EtherType.ipv6 && t !== EtherType.arp && t !== EtherType.rarp
  ) {
    if (steps === MAX_LINK_NESTING) {
      out.l3 = L3.other;
      out.error = DecodeError.tooManyEncapsulations;
      return;
    }
    if (outer < 0 && t >= MIN_ETHERTYPE && !isVlanTpid(t)) outer = t;
    // A FabricPath frame ends in an FCS of its own, which tshark takes off the inner frame.
    if (t === EtherType.fabricPath && end - p >= FABRICPATH_FCS_LEN) end -= FABRICPATH_FCS_LEN;
    p = step(t, steps, data, p, end, out);
    steps++;
    if (p < 0) {
      if (outer >= 0) out.etherType = outer;
      return;
    }
    t = out.etherType;
  }
  if (outer >= 0) out.etherType = outer;
  if (t === EtherType.ipv4) decodeIPv4(data, p, end, out);
  else if (t === EtherType.ipv6) decodeIPv6(data, p, end, out);
  else decodeArp(data, p, end, out);
}

/** One encapsulation of type `t` at `p`: the offset of what follows, or -1 when decided. */
function step(
  t: number,
  steps: number,
  data: DataView,
  p: number,
  end: number,
  out: DecodedPacket,
): number {
  // Tags after another encapsulation belong to the frame inside it.
  if (isVlanTpid(t)) return skipInnerVlanTags(t, data, p, end, out);
  if (t <= MAX_8023_LENGTH || t === EtherType.jumboLlc) {
    out.etherType = -1;
    return skipLlc(data, p, end, out);
  }
  switch (t) {
    case EtherType.pppoeSession:
      return skipPppoeSession(data, p, end, out);
    case EtherType.mpls:
    case EtherType.mplsMulticast:
      return skipMplsStack(data, p, end, out);
    case EtherType.ethernet:
      return skipInnerEthernet(data, p, end, out);
    case EtherType.pbb:
      return skipPbbTag(data, p, end, out);
    case EtherType.nsh:
      return skipNsh(data, p, end, out);
    case EtherType.macsec:
      return skipMacsec(data, p, end, out);
    case EtherType.eTag:
      return skipETag(data, p, end, out);
    case EtherType.vnTag:
      return skipVnTag(data, p, end, out);
    case EtherType.hsr:
    case EtherType.rTag:
      return skipRedundancyTag(data, p, end, out);
    case EtherType.trill:
      return skipTrill(data, p, end, out);
    case EtherType.ciscoMetadata:
      return skipCiscoMetadata(data, p, end, out);
    case EtherType.fabricPath:
      // Only the first header of a frame can be a FabricPath header (tshark reads it so).
      if (steps === 0 && out.vlanCount === 0) return skipFabricPath(data, p, end, out);
  }
  out.l3 = L3.other;
  return -1;
}

/** Decode an 802.2 LLC frame at `off`: only a SNAP header leads anywhere but `L3.other`. */
export function decodeLlc(data: DataView, off: number, end: number, out: DecodedPacket): void {
  const p = skipLlc(data, off, end, out);
  if (p >= 0) decodeEtherType(out.etherType, data, p, end, out);
}

/** The SNAP header at `off`: its EtherType into `out.etherType`, and the offset after it. */
function skipLlc(data: DataView, off: number, end: number, out: DecodedPacket): number {
  const snapType = llcSnapEtherType(data, off, end);
  if (snapType < 0) {
    out.l3 = L3.other;
    if (snapType === LLC_TRUNCATED) out.error = DecodeError.truncatedLink;
    return -1;
  }
  out.etherType = snapType;
  return off + LLC_SNAP_HEADER_LEN;
}
