/**
 * Header writers for synthetic frames: each one writes a header into a reused buffer at an
 * offset and returns the offset after it. Checksums are real (RFC 1071 one's-complement sums),
 * so that `tcpdump -vv` and tshark with checksum validation find nothing to complain about.
 */

export const ETHERNET_HEADER = 14;
export const VLAN_TAG = 4;
export const IPV4_HEADER = 20;
export const IPV6_HEADER = 40;
export const UDP_HEADER = 8;
/** ICMP and ICMPv6 echo: type, code, checksum, identifier, sequence (RFC 792, RFC 4443). */
export const ICMP_ECHO_HEADER = 8;
/** Ethernet's minimum frame without FCS: shorter frames are padded on the wire (IEEE 802.3). */
export const MIN_ETHERNET_FRAME = 60;
/** Largest frame written: a 1500-byte MTU packet behind Ethernet and one 802.1Q tag. */
export const MAX_FRAME = ETHERNET_HEADER + VLAN_TAG + 1500;

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_IPV6 = 0x86dd;
export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_ICMPV6 = 58;

/** IPv4 "don't fragment" flag, set by Linux on TCP (path MTU discovery, RFC 1191). */
const IPV4_DF = 0x4000;
const TCP_NOP = 1;
const TCP_OPT_MSS = 2;
const TCP_OPT_WSCALE = 3;
const TCP_OPT_SACK_PERMITTED = 4;
const TCP_OPT_TIMESTAMP = 8;
/** The options Linux puts on a SYN: MSS, SACK permitted, timestamps, NOP, window scale. */
export const TCP_SYN_OPTIONS = 20;
/** NOP, NOP, timestamps (RFC 7323): what Linux puts on every later segment. */
export const TCP_TS_OPTIONS = 12;
/** MSS on a 1500-byte MTU: minus 40 bytes of IPv4 and TCP headers, or 60 with IPv6. */
const MSS_V4 = 1460;
const MSS_V6 = 1440;
const WINDOW_SCALE = 7;

/** A MAC address as a 16-bit high part and a 32-bit low part, written with two stores. */
export interface Mac {
  hi: number;
  lo: number;
}

/** Ethernet header, with one 802.1Q tag when `vlanId` >= 0. Returns the offset after it. */
export function writeEthernet(
  view: DataView,
  at: number,
  dst: Mac,
  src: Mac,
  vlanId: number,
  etherType: number,
): number {
  view.setUint16(at, dst.hi);
  view.setUint32(at + 2, dst.lo);
  view.setUint16(at + 6, src.hi);
  view.setUint32(at + 8, src.lo);
  if (vlanId >= 0) {
    view.setUint16(at + 12, ETHERTYPE_VLAN);
    view.setUint16(at + 14, vlanId); // priority 0, DEI 0 (IEEE 802.1Q)
    view.setUint16(at + 16, etherType);
    return at + ETHERNET_HEADER + VLAN_TAG;
  }
  view.setUint16(at + 12, etherType);
  return at + ETHERNET_HEADER;
}

/** IPv4 header without options (RFC 791), checksum included. `src`/`dst` are 32-bit numbers. */
export function writeIPv4(
  view: DataView,
  at: number,
  src: number,
  dst: number,
  protocol: number,
  payloadLength: number,
  ttl: number,
  id: number,
): number {
  view.setUint8(at, 0x45); // version 4, IHL 5
  view.setUint8(at + 1, 0);
  view.setUint16(at + 2, IPV4_HEADER + payloadLength);
  view.setUint16(at + 4, id & 0xffff);
  view.setUint16(at + 6, protocol === PROTO_TCP ? IPV4_DF : 0);
  view.setUint8(at + 8, ttl);
  view.setUint8(at + 9, protocol);
  view.setUint16(at + 10, 0);
  view.setUint32(at + 12, src >>> 0);
  view.setUint32(at + 16, dst >>> 0);
  view.setUint16(at + 10, fold(sumWords(view, at, IPV4_HEADER)));
  return at + IPV4_HEADER;
}

/** IPv6 fixed header (RFC 8200). `src`/`dst` are 16 bytes each. */
export function writeIPv6(
  bytes: Uint8Array,
  view: DataView,
  at: number,
  src: Uint8Array,
  dst: Uint8Array,
  nextHeader: number,
  payloadLength: number,
  hopLimit: number,
  flowLabel: number,
): number {
  view.setUint32(at, (6 << 28 | (flowLabel & 0xfffff)) >>> 0);
  view.setUint16(at + 4, payloadLength);
  view.setUint8(at + 6, nextHeader);
  view.setUint8(at + 7, hopLimit);
  bytes.set(src, at + 8);
  bytes.set(dst, at + 24);
  return at + IPV6_HEADER;
}

/** The variable fields of one TCP segment. */
export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  /** Timestamp value and echo reply (RFC 7323); both 0 on a SYN's echo. */
  tsVal: number;
  tsEcr: number;
}

/**
 * TCP header with options: the SYN set when the segment carries SYN, timestamps otherwise.
 * The checksum is left 0; `finishTransport` fills it once the payload is in place.
 */
export function writeTcp(view: DataView, at: number, s: TcpSegment, v6: boolean): number {
  const syn = (s.flags & 0x02) !== 0;
  const optionBytes = syn ? TCP_SYN_OPTIONS : TCP_TS_OPTIONS;
  view.setUint16(at, s.srcPort);
  view.setUint16(at + 2, s.dstPort);
  view.setUint32(at + 4, s.seq >>> 0);
  view.setUint32(at + 8, s.ack >>> 0);
  view.setUint16(at + 12, ((20 + optionBytes) / 4) << 12 | s.flags);
  view.setUint16(at + 14, s.window);
  view.setUint32(at + 16, 0); // checksum, urgent pointer
  let o = at + 20;
  if (syn) {
    view.setUint8(o, TCP_OPT_MSS);
    view.setUint8(o + 1, 4);
    view.setUint16(o + 2, v6 ? MSS_V6 : MSS_V4);
    view.setUint8(o + 4, TCP_OPT_SACK_PERMITTED);
    view.setUint8(o + 5, 2);
    o += 6;
  } else {
    view.setUint16(o, TCP_NOP << 8 | TCP_NOP);
    o += 2;
  }
  view.setUint8(o, TCP_OPT_TIMESTAMP);
  view.setUint8(o + 1, 10);
  view.setUint32(o + 2, s.tsVal >>> 0);
  view.setUint32(o + 6, s.tsEcr >>> 0);
  o += 10;
  if (syn) {
    view.setUint8(o, TCP_NOP);
    view.setUint8(o + 1, TCP_OPT_WSCALE);
    view.setUint8(o + 2, 3);
    view.setUint8(o + 3, WINDOW_SCALE);
    o += 4;
  }
  return o;
}

/** UDP header (RFC 768); the checksum is filled by `finishTransport`. */
export function writeUdp(
  view: DataView,
  at: number,
  srcPort: number,
  dstPort: number,
  payloadLength: number,
): number {
  view.setUint16(at, srcPort);
  view.setUint16(at + 2, dstPort);
  view.setUint16(at + 4, UDP_HEADER + payloadLength);
  view.setUint16(at + 6, 0);
  return at + UDP_HEADER;
}

/**
 * Sets the checksum of the transport header at `l4` (TCP, UDP, ICMP or ICMPv6), over the
 * pseudo-header of the IP header at `l3` (RFC 9293 3.1, RFC 768, RFC 8200 8.1; ICMPv4 has none,
 * RFC 792). `payloadSum` is the unfolded word sum of the payload bytes that follow the
 * transport header up to `end`; those bytes are not read again here.
 */
export function finishTransport(
  view: DataView,
  l3: number,
  l4: number,
  headerEnd: number,
  end: number,
  payloadSum: number,
): void {
  const v6 = view.getUint8(l3) >> 4 === 6;
  const protocol = v6 ? view.getUint8(l3 + 6) : view.getUint8(l3 + 9);
  const length = end - l4;
  let sum = sumWords(view, l4, headerEnd - l4) + payloadSum;
  if (v6) {
    sum += sumWords(view, l3 + 8, 32) + length + protocol;
  } else if (protocol !== PROTO_ICMP) {
    sum += sumWords(view, l3 + 12, 8) + length + protocol;
  }
  const offset = protocol === PROTO_TCP ? 16 : protocol === PROTO_UDP ? 6 : 2;
  const checksum = fold(sum);
  // A UDP checksum that computes to 0 is sent as 0xffff: 0 means "none" (RFC 768).
  view.setUint16(l4 + offset, protocol === PROTO_UDP && checksum === 0 ? 0xffff : checksum);
}

/** Unfolded sum of the big-endian 16-bit words of [at, at+length); an odd tail is padded. */
export function sumWords(view: DataView, at: number, length: number): number {
  let sum = 0;
  const end = at + (length & ~1);
  for (let i = at; i < end; i += 2) sum += view.getUint16(i);
  if (length & 1) sum += view.getUint8(end) << 8;
  return sum;
}

/** One's-complement fold of a word sum, complemented: the value that goes in the header. */
function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}
