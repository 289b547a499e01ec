/**
 * Tunnels, so that what travels inside them is inspected: GRE (RFC 2784, with the key and
 * sequence fields of RFC 2890), IPv4-in-IP (RFC 2003) and IPv6-in-IPv4/IPv6 (RFC 4213, RFC
 * 2473), VXLAN (RFC 7348) and, through the inner Ethernet decoder, VLAN tags and PPPoE. Also
 * the datagram an ICMP error quotes, and a datagram rebuilt from fragments.
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
import { EtherType } from "../decode/ether_types.ts";

/**
 * Tunnels followed inside one another. Real deployments nest two (VXLAN over GRE, 6in4 over a
 * VPN); four leaves a margin and stops a crafted tunnel-in-tunnel chain early.
 */
export const MAX_TUNNEL_DEPTH = 4;
/** IANA-assigned VXLAN port (RFC 7348 section 5). */
export const VXLAN_PORT = 4789;
/** Flags (with the I bit), reserved, VNI, reserved (RFC 7348 section 5). */
const VXLAN_HEADER_LEN = 8;
const VXLAN_I_FLAG = 0x08;
/** Flags and version, then protocol type (RFC 2784 section 2). */
const GRE_BASE_LEN = 4;
const GRE_CHECKSUM = 0x8000;
const GRE_ROUTING = 0x4000;
const GRE_KEY = 0x2000;
const GRE_SEQUENCE = 0x1000;
const GRE_VERSION_MASK = 0x0007;
/** Each optional GRE field (checksum+reserved, key, sequence number) is 4 bytes. */
const GRE_FIELD_LEN = 4;
/** Transparent Ethernet Bridging: GRE carrying whole Ethernet frames (NVGRE, RFC 7637). */
const GRE_PROTO_TEB = 0x6558;

export class Tunnels {
  /** The packet inside the last tunnel opened. */
  readonly inner = new DecodedPacket();
  /** Where the inner packet's captured bytes end. */
  innerEnd = 0;
  /** Addresses kept across `inner.reset()` when the fragment was itself the inner packet. */
  readonly #src = new Uint8Array(16);
  readonly #dst = new Uint8Array(16);

  static isVxlan(sport: number, dport: number): boolean {
    return dport === VXLAN_PORT || sport === VXLAN_PORT;
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

  /** The Ethernet frame inside the VXLAN datagram `p`, decoded down to IP; or null. */
  unwrapVxlan(p: DecodedPacket, data: DataView, depth: number): DecodedPacket | null {
    const start = p.payloadOffset;
    const end = start + p.payloadCaptured;
    if (depth >= MAX_TUNNEL_DEPTH || end - start < VXLAN_HEADER_LEN) return null;
    if ((data.getUint8(start) & VXLAN_I_FLAG) === 0) return null;
    const uncaptured = p.payloadLength - p.payloadCaptured;
    return this.#decode(-1, data, start + VXLAN_HEADER_LEN, end, uncaptured);
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
    // Version 1 is PPTP's enhanced GRE (RFC 2637), carrying PPP; source routing (RFC 1701)
    // is obsolete. Neither is followed.
    if ((flags & GRE_VERSION_MASK) !== 0 || (flags & GRE_ROUTING) !== 0) return null;
    let p = start + GRE_BASE_LEN;
    if (flags & GRE_CHECKSUM) p += GRE_FIELD_LEN;
    if (flags & GRE_KEY) p += GRE_FIELD_LEN;
    if (flags & GRE_SEQUENCE) p += GRE_FIELD_LEN;
    if (p > end) return null;
    const proto = data.getUint16(start + 2);
    if (proto === GRE_PROTO_TEB) return this.#decode(-1, data, p, end, uncaptured);
    if (proto === EtherType.ipv4 || proto === EtherType.ipv6) {
      return this.#decode(proto, data, p, end, uncaptured);
    }
    return null;
  }

  /** Decode IPv4, IPv6 (by EtherType) or, for -1, an Ethernet frame at `start`. */
  #decode(type: number, data: DataView, start: number, end: number, uncaptured: number) {
    const inner = this.inner;
    inner.reset();
    inner.caplen = end - start;
    inner.wireLen = end - start + (uncaptured > 0 ? uncaptured : 0);
    if (type === EtherType.ipv4) decodeIPv4(data, start, end, inner);
    else if (type === EtherType.ipv6) decodeIPv6(data, start, end, inner);
    else decodeEthernet(data, start, end, inner);
    this.innerEnd = end;
    return inner.l3 === L3.ipv4 || inner.l3 === L3.ipv6 ? inner : null;
  }
}
