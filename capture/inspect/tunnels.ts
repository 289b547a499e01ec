/**
 * Tunnels, so that what travels inside them is inspected: GRE (RFC 2784, with the key and
 * sequence fields of RFC 2890; carrying IP, Ethernet, MPLS, ERSPAN, or PPTP's PPP), IPv4-in-IP
 * (RFC 2003) and IPv6-in-IPv4/IPv6 (RFC 4213, RFC 2473), the UDP tunnels of
 * `tunnel_headers.ts` (VXLAN, Geneve, GTP-U, CAPWAP, L2TP, Teredo, MPLS over UDP) and, through
 * the link-layer decoders, whatever they carry (VLAN tags, PPPoE, MPLS, 802.11). Also the
 * datagram an ICMP error quotes, a datagram rebuilt from fragments, and an IPv6 packet where
 * the link layer announced IPv4 (tshark's IPv4 dissector hands those on).
 *
 * Each step decodes into one reused inner `DecodedPacket` with the project's own decoders; the
 * outer packet is never touched. The caller reads `innerEnd` for where the inner bytes stop.
 */
import { DecodedPacket, L3 } from "../decode/packet.ts";
import { IpProto, l4For } from "../decode/ip_protocols.ts";
import { decodeIPv4 } from "../decode/ipv4.ts";
import { decodeIPv6 } from "../decode/ipv6.ts";
import { decodeEthernet } from "../decode/ethernet.ts";
import { decodeTransport } from "../decode/transport.ts";
import { decodeEtherType, EtherType } from "../decode/ether_types.ts";
import { decodeRawIp } from "../decode/raw_ip.ts";
import { decodePpp } from "../decode/ppp.ts";
import { decodeIeee802_11, Wlan } from "../decode/ieee802_11.ts";
import { DecodeError } from "../decode/packet.ts";
import {
  GRE_ERSPAN,
  GRE_ERSPAN_III,
  GRE_PPP,
  Inner,
  InnerStart,
  isUdpTunnelPort,
  readErspan,
  readUdpTunnel,
} from "./tunnel_headers.ts";

/**
 * Tunnels followed inside one another. Real deployments nest two (VXLAN over GRE, 6in4 over a
 * VPN); four leaves a margin and stops a crafted tunnel-in-tunnel chain early.
 */
export const MAX_TUNNEL_DEPTH = 4;
/** Flags and version, then protocol type (RFC 2784 section 2). */
const GRE_BASE_LEN = 4;
const GRE_CHECKSUM = 0x8000;
const GRE_ROUTING = 0x4000;
const GRE_KEY = 0x2000;
const GRE_SEQUENCE = 0x1000;
const GRE_VERSION_MASK = 0x0007;
/** Enhanced GRE (RFC 2637 section 4.1): PPTP's version, with an acknowledgment number flag. */
const GRE_VERSION_PPTP = 1;
const GRE_ACK = 0x0080;
/** Each optional GRE field (checksum+reserved, key, sequence number, ack) is 4 bytes. */
const GRE_FIELD_LEN = 4;

export class Tunnels {
  /** The packet inside the last tunnel opened. */
  readonly inner = new DecodedPacket();
  /** Where the inner packet's captured bytes end. */
  innerEnd = 0;
  /** Addresses kept across `inner.reset()` when the fragment was itself the inner packet. */
  readonly #src = new Uint8Array(16);
  readonly #dst = new Uint8Array(16);
  readonly #start = new InnerStart();

  /** Whether a UDP datagram between these ports may be a tunnel (`unwrapUdp()` tells). */
  static isUdpTunnel(sport: number, dport: number): boolean {
    return isUdpTunnelPort(sport, dport);
  }

  /** The packet inside an IP-in-IP or GRE packet `p` (which may be `inner` itself), or null. */
  unwrapIp(p: DecodedPacket, data: DataView, depth: number): DecodedPacket | null {
    if (depth >= MAX_TUNNEL_DEPTH) return null;
    const start = p.payloadOffset;
    const end = start + p.payloadCaptured;
    const uncaptured = p.payloadLength - p.payloadCaptured;
    switch (p.ipProto) {
      case IpProto.ipip:
        return this.#decode(EtherType.ipv4, data, start, end, uncaptured);
      case IpProto.ipv6:
        return this.#decode(EtherType.ipv6, data, start, end, uncaptured);
      case IpProto.gre:
        return this.#gre(data, start, end, uncaptured);
    }
    return null;
  }

  /** The packet inside the UDP tunnel datagram `p`, decoded down to IP; or null. */
  unwrapUdp(p: DecodedPacket, data: DataView, depth: number): DecodedPacket | null {
    const start = p.payloadOffset;
    const end = start + p.payloadCaptured;
    const at = this.#start;
    if (depth >= MAX_TUNNEL_DEPTH) return null;
    if (!readUdpTunnel(p.srcPort, p.dstPort, data, start, end, at)) return null;
    const uncaptured = p.payloadLength - p.payloadCaptured;
    return this.#decode(at.kind, data, at.offset, end, uncaptured);
  }

  /**
   * The IPv6 packet in `p`, an IPv4 header that failed because its version nibble says 6
   * (a link layer that announced IPv4 and carries IPv6: tshark reads it as IPv6); or null.
   */
  unwrapMisfiledIPv6(p: DecodedPacket, data: DataView, end: number): DecodedPacket | null {
    const at = p.l3Offset;
    if (p.l3 !== L3.ipv4 || p.error !== DecodeError.badIPv4Header || at < 0 || at >= end) {
      return null;
    }
    if (data.getUint8(at) >> 4 !== 6) return null;
    return this.#decode(EtherType.ipv6, data, at, end, p.wireLen - p.caplen);
  }

  /** The datagram an ICMP error `p` quotes from `start` on, decoded; or null. */
  unwrapQuoted(p: DecodedPacket, data: DataView, start: number, depth: number) {
    if (depth >= MAX_TUNNEL_DEPTH) return null;
    const end = p.payloadOffset + p.payloadCaptured;
    const version = data.getUint8(start) >> 4;
    const type = version === 4 ? EtherType.ipv4 : version === 6 ? EtherType.ipv6 : 0;
    return type === 0 ? null : this.#decode(type, data, start, end, 0);
  }

  /**
   * The transport of a datagram rebuilt from fragments: `whole` holds its IP payload, `proto`
   * names it, and `p` (the last fragment, possibly `inner`) gives the addresses.
   */
  reassembled(p: DecodedPacket, whole: DataView, proto: number): DecodedPacket {
    const inner = this.inner;
    const l3 = p.l3;
    const addrLen = p.addrLen;
    this.#src.set(p.src);
    this.#dst.set(p.dst);
    inner.reset();
    inner.src.set(this.#src);
    inner.dst.set(this.#dst);
    inner.l3 = l3;
    inner.addrLen = addrLen;
    inner.ipProto = proto;
    inner.l4 = l4For(proto);
    inner.caplen = whole.byteLength;
    inner.wireLen = whole.byteLength;
    decodeTransport(proto, whole, 0, whole.byteLength, whole.byteLength, inner);
    this.innerEnd = whole.byteLength;
    return inner;
  }

  #gre(data: DataView, start: number, end: number, uncaptured: number): DecodedPacket | null {
    if (end - start < GRE_BASE_LEN) return null;
    const flags = data.getUint16(start);
    const proto = data.getUint16(start + 2);
    const version = flags & GRE_VERSION_MASK;
    // Source routing (RFC 1701) is obsolete; version 1 is PPTP's enhanced GRE, carrying PPP.
    if ((flags & GRE_ROUTING) !== 0) return null;
    if (version !== 0 && (version !== GRE_VERSION_PPTP || proto !== GRE_PPP)) return null;
    let p = start + GRE_BASE_LEN;
    if (flags & GRE_CHECKSUM) p += GRE_FIELD_LEN;
    if (flags & GRE_KEY) p += GRE_FIELD_LEN;
    if (flags & GRE_SEQUENCE) p += GRE_FIELD_LEN;
    if (version === GRE_VERSION_PPTP && (flags & GRE_ACK)) p += GRE_FIELD_LEN;
    if (p > end) return null;
    if (proto === GRE_PPP) return this.#decode(Inner.ppp, data, p, end, uncaptured);
    if (proto === GRE_ERSPAN || proto === GRE_ERSPAN_III) {
      const at = this.#start;
      const sequenced = (flags & GRE_SEQUENCE) !== 0;
      if (!readErspan(proto, sequenced, data, p, end, at)) return null;
      return this.#decode(at.kind, data, at.offset, end, uncaptured);
    }
    return this.#decode(proto, data, p, end, uncaptured);
  }

  /**
   * Decode what starts at `start`: the network layer of EtherType `kind` (through MPLS, VLAN
   * tags and the rest; 0x6558 is an Ethernet frame), an `Inner` kind, or, for -1, an Ethernet
   * frame. The inner packet when it reached IPv4 or IPv6, else null.
   */
  #decode(kind: number, data: DataView, start: number, end: number, uncaptured: number) {
    const inner = this.inner;
    inner.reset();
    inner.caplen = end - start;
    inner.wireLen = end - start + (uncaptured > 0 ? uncaptured : 0);
    if (kind === EtherType.ipv4) decodeIPv4(data, start, end, inner);
    else if (kind === EtherType.ipv6) decodeIPv6(data, start, end, inner);
    else if (kind === -1) decodeEthernet(data, start, end, inner);
    else if (kind >= 0) decodeEtherType(kind, data, start, end, inner);
    else if (kind === Inner.ipByVersion) decodeRawIp(data, start, end, inner);
    else if (kind === Inner.ppp) decodePpp(data, start, end, inner);
    else if (kind === Inner.wlanSwapped) {
      decodeIeee802_11(data, start, end, inner, Wlan.swappedFrameControl);
    } else if (kind === Inner.wlan) decodeIeee802_11(data, start, end, inner);
    this.innerEnd = end;
    return inner.l3 === L3.ipv4 || inner.l3 === L3.ipv6 ? inner : null;
  }
}
