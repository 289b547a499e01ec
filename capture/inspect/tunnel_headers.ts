/**
 * The headers of the tunnels that carry whole packets over UDP or GRE, read far enough to know
 * where the inner packet starts and what it is: VXLAN (RFC 7348), Geneve (RFC 8926), GTP-U
 * (3GPP TS 29.281), CAPWAP data (RFC 5415), L2TPv2 data (RFC 2661), Teredo (RFC 4380), MPLS over
 * UDP (RFC 7510), and in GRE: ERSPAN types I, II and III, and PPTP's PPP (RFC 2637). The ports
 * are the ones tshark decodes by default; L2TPv3 is left out, as tshark reads no payload of it.
 *
 * Each reader fills one reused `InnerStart` and returns false when the header is cut short or
 * carries nothing readable. Nothing here allocates.
 */

/** What starts at `InnerStart.offset`: an EtherType (0x6558 is a whole Ethernet frame), or: */
export const Inner = {
  /** An IPv4 or IPv6 packet, told apart by its version nibble. */
  ipByVersion: -2,
  /** A PPP frame, HDLC address and control bytes optional. */
  ppp: -3,
  /** An 802.11 frame whose frame control bytes Cisco access points send swapped. */
  wlanSwapped: -4,
  /** An 802.11 frame as sent. */
  wlan: -5,
} as const;

/** A whole Ethernet frame (Transparent Ethernet Bridging's EtherType), and MPLS. */
const ETHERNET = 0x6558;
const MPLS = 0x8847;
/** CAPWAP's wireless binding ID for IEEE 802.11. */
const WBID_IEEE802_11 = 1;

export class InnerStart {
  kind = 0;
  offset = 0;
}

export const UdpTunnelPort = {
  vxlan: 4789,
  geneve: 6081,
  gtpU: 2152,
  capwapData: 5247,
  l2tp: 1701,
  teredo: 3544,
  mplsInUdp: 6635,
} as const;

/** 1 at each port of `UdpTunnelPort`: two loads reject every other datagram. */
const TUNNEL_PORTS = new Uint8Array(65_536);
for (const port of Object.values(UdpTunnelPort)) TUNNEL_PORTS[port] = 1;

/** Whether either port is one of `UdpTunnelPort` (a cheap reject for every other datagram). */
export function isUdpTunnelPort(sport: number, dport: number): boolean {
  return (TUNNEL_PORTS[sport]! | TUNNEL_PORTS[dport]!) !== 0;
}

/** Read the tunnel header of a UDP payload `[start, end)` on ports `sport`/`dport`. */
export function readUdpTunnel(
  sport: number,
  dport: number,
  data: DataView,
  start: number,
  end: number,
  out: InnerStart,
): boolean {
  const port = TUNNEL_PORTS[dport] === 1 ? dport : sport;
  switch (port) {
    case UdpTunnelPort.vxlan:
      return readVxlan(data, start, end, out);
    case UdpTunnelPort.geneve:
      return readGeneve(data, start, end, out);
    case UdpTunnelPort.gtpU:
      return readGtpU(data, start, end, out);
    case UdpTunnelPort.capwapData:
      return readCapwapData(data, start, end, out);
    case UdpTunnelPort.l2tp:
      return readL2tp(data, start, end, out);
    case UdpTunnelPort.teredo:
      return readTeredo(data, start, end, out);
    case UdpTunnelPort.mplsInUdp:
      return set(out, MPLS, start, end);
  }
  return false;
}

function set(out: InnerStart, kind: number, offset: number, end: number): boolean {
  if (offset >= end) return false;
  out.kind = kind;
  out.offset = offset;
  return true;
}

/** Flags (I bit: a VNI follows), reserved, VNI, reserved. */
function readVxlan(data: DataView, start: number, end: number, out: InnerStart): boolean {
  if (end - start < 8 || (data.getUint8(start) & 0x08) === 0) return false;
  return set(out, ETHERNET, start + 8, end);
}

/** Version and options length (4-byte words), flags, protocol type, VNI, reserved; options. */
function readGeneve(data: DataView, start: number, end: number, out: InnerStart): boolean {
  if (end - start < 8) return false;
  const first = data.getUint8(start);
  if (first >> 6 !== 0) return false;
  return set(out, data.getUint16(start + 2), start + 8 + (first & 0x3f) * 4, end);
}

/**
 * Most GTP-U extension headers followed. A PDU session container (5G) and a PDCP number are the
 * usual one or two; eight bounds the walk.
 */
const MAX_GTP_EXTENSIONS = 8;
const GTP_G_PDU = 0xff;

/** Flags (version 1, PT, E, S, PN), type (G-PDU), length, TEID; optional fields; extensions. */
function readGtpU(data: DataView, start: number, end: number, out: InnerStart): boolean {
  if (end - start < 8) return false;
  const flags = data.getUint8(start);
  if (flags >> 5 !== 1 || (flags & 0x10) === 0 || data.getUint8(start + 1) !== GTP_G_PDU) {
    return false;
  }
  let p = start + 8;
  if ((flags & 0x07) !== 0) {
    // Sequence number, N-PDU number and next extension type, present if any of E, S, PN is.
    if (end - p < 4) return false;
    let next = data.getUint8(p + 3);
    p += 4;
    for (let n = 0; next !== 0 && (flags & 0x04) !== 0; n++) {
      if (n === MAX_GTP_EXTENSIONS || end - p < 1) return false;
      const len = data.getUint8(p) * 4;
      if (len === 0 || end - p < len) return false;
      next = data.getUint8(p + len - 1);
      p += len;
    }
  }
  return set(out, Inner.ipByVersion, p, end);
}

/** Preamble, then HLEN, RID, WBID, T, F... (RFC 5415 section 4.3); fragments are skipped. */
function readCapwapData(data: DataView, start: number, end: number, out: InnerStart): boolean {
  if (end - start < 8) return false;
  const word = data.getUint32(start);
  if (word >>> 24 !== 0) return false;
  const headerLen = ((word >> 19) & 0x1f) * 4;
  const wbid = (word >> 9) & 0x1f;
  const nativeFrame = (word >> 8) & 0x01;
  const fragment = (word >> 7) & 0x01;
  if (fragment !== 0 || headerLen < 8) return false;
  // Not native (T = 0): a whole 802.3 frame.
  if (nativeFrame === 0) return set(out, ETHERNET, start + headerLen, end);
  if (wbid !== WBID_IEEE802_11) return false;
  return set(out, Inner.wlanSwapped, start + headerLen, end);
}

/** L2TPv2 data messages: flags and version, optional length, IDs, optional Ns/Nr and offset. */
function readL2tp(data: DataView, start: number, end: number, out: InnerStart): boolean {
  if (end - start < 6) return false;
  const flags = data.getUint16(start);
  if ((flags & 0x000f) !== 2 || (flags & 0x8000) !== 0) return false;
  let p = start + 2;
  if (flags & 0x4000) p += 2;
  p += 4;
  if (flags & 0x0800) p += 4;
  if (flags & 0x0200) {
    if (end - p < 2) return false;
    p += 2 + data.getUint16(p);
  }
  return set(out, Inner.ppp, p, end);
}

/** Optional authentication and origin indicators, then IPv6 (RFC 4380 section 5.1.1). */
function readTeredo(data: DataView, start: number, end: number, out: InnerStart): boolean {
  let p = start;
  if (end - p >= 4 && data.getUint16(p) === 0x0001) {
    p += 4 + data.getUint8(p + 2) + data.getUint8(p + 3) + 9;
  }
  if (end - p >= 8 && data.getUint16(p) === 0x0000) p += 8;
  if (end - p < 1 || data.getUint8(p) >> 4 !== 6) return false;
  return set(out, 0x86dd, p, end);
}

/** ERSPAN's GRE protocol types: type I and II share one, type III has its own. */
export const GRE_ERSPAN = 0x88be;
export const GRE_ERSPAN_III = 0x22eb;
/** PPTP's enhanced GRE (version 1) carries PPP. */
export const GRE_PPP = 0x880b;
const ERSPAN_II_HEADER_LEN = 8;
const ERSPAN_III_HEADER_LEN = 12;
const ERSPAN_III_SUBHEADER_LEN = 8;

/**
 * The mirrored frame in an ERSPAN packet whose GRE payload starts at `p`: type II has an
 * 8-byte header and a GRE sequence number, type I neither; type III a 12-byte header and, with
 * its O bit, an 8-byte platform subheader.
 */
export function readErspan(
  proto: number,
  hasSequence: boolean,
  data: DataView,
  p: number,
  end: number,
  out: InnerStart,
): boolean {
  if (proto === GRE_ERSPAN) {
    return set(out, ETHERNET, p + (hasSequence ? ERSPAN_II_HEADER_LEN : 0), end);
  }
  if (end - p < ERSPAN_III_HEADER_LEN) return false;
  const subheader = (data.getUint8(p + 11) & 0x01) !== 0 ? ERSPAN_III_SUBHEADER_LEN : 0;
  return set(out, ETHERNET, p + ERSPAN_III_HEADER_LEN + subheader, end);
}
