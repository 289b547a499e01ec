/**
 * The decoded form of one captured frame.
 *
 * The decoder overwrites one `DecodedPacket` per frame instead of allocating (the habit of
 * gopacket's DecodingLayerParser): the hot path makes no garbage, and everything downstream
 * (the record ring, statistics, the recent-packets table) reads plain numeric fields.
 *
 * Classification follows `outer_l3` / `outer_l4` in `tests/captures/README.md`: the
 * outer-most network header decides `l3`, and the protocol number that header announces decides
 * `l4`, whether or not the transport header itself was captured.
 */

/** Outer-most network layer class. */
export const L3 = {
  none: 0,
  ipv4: 1,
  ipv6: 2,
  /** ARP and RARP (ethertype 0x0806 and 0x8035), as tshark dissects both with one dissector. */
  arp: 3,
  /** A frame with no IPv4, IPv6 or ARP header (STP, LLC, EAPOL, an unknown ethertype...). */
  other: 4,
} as const;
export type L3 = typeof L3[keyof typeof L3];

/** Outer-most transport class, only meaningful when `l3` is ipv4 or ipv6. */
export const L4 = {
  none: 0,
  tcp: 1,
  udp: 2,
  icmp: 3,
  icmpv6: 4,
  /** Any other protocol number: GRE 47, ESP 50, AH 51, IGMP 2, SCTP 132, IPv6-in-IPv4 41... */
  other: 5,
} as const;
export type L4 = typeof L4[keyof typeof L4];

/** Why a frame could not be decoded completely. Counted per reason by the statistics. */
export const DecodeError = {
  none: 0,
  /**
   * The link-layer header (or the LLC header after an 802.3 length) is longer than the captured
   * bytes; also a raw IP frame with no byte at all, or an offset outside the buffer.
   */
  truncatedLink: 1,
  /** A link type this decoder does not understand; the frame is counted under l3 "other". */
  unsupportedLinkType: 2,
  /** More VLAN tags than `MAX_VLAN_TAGS`, or a tag cut short. */
  badVlan: 3,
  truncatedArp: 4,
  truncatedIPv4: 5,
  /** Version nibble is not 4, or IHL < 5. */
  badIPv4Header: 6,
  /** The IPv4 total length is smaller than its own header. */
  badIPv4Length: 7,
  truncatedIPv6: 8,
  /** An IPv6 extension header is cut short, or the chain is longer than `MAX_IPV6_EXT_HEADERS`. */
  badIPv6ExtHeader: 9,
  /** The transport header is cut short by caplen (the snaplen) or by the IP payload length. */
  truncatedTransport: 10,
  /** TCP data offset < 5 or past the end of the IP payload, or UDP length < 8. */
  badTransportHeader: 11,
  truncatedPppoe: 12,
  /** Version nibble of an IP header says neither 4 nor 6 where IP was announced. */
  badIpVersion: 13,
  /**
   * More link-layer encapsulation steps than `MAX_LINK_NESTING` (Ethernet in MPLS in
   * Ethernet...), more MPLS labels than `MAX_MPLS_LABELS`, or a pseudo-header inside another.
   */
  tooManyEncapsulations: 14,
} as const;
export type DecodeError = typeof DecodeError[keyof typeof DecodeError];

/** Human-readable names for `DecodeError`, indexed by value: used in reports and the API. */
export const DECODE_ERROR_NAMES: readonly string[] = [
  "none",
  "truncated link header",
  "unsupported link type",
  "bad VLAN tag",
  "truncated ARP",
  "truncated IPv4 header",
  "bad IPv4 header",
  "bad IPv4 total length",
  "truncated IPv6 header",
  "bad IPv6 extension header",
  "truncated transport header",
  "bad transport header",
  "truncated PPPoE header",
  "bad IP version",
  "too many encapsulations",
];

/** Bits of `encapsulation`: what the frame travelled through before its outer network header. */
export const Encap = {
  vlan: 1,
  /** Two or more VLAN tags (802.1ad QinQ or stacked 802.1Q). */
  qinq: 2,
  pppoe: 4,
  /** An MPLS label stack (EtherType 0x8847/0x8848, PPP, Cisco HDLC). */
  mpls: 8,
  /** IEEE 802.1AE MACsec, integrity only (an encrypted frame has no readable network layer). */
  macsec: 16,
  /** IEEE 802.1ah provider backbone bridging, or Cisco FabricPath: a customer frame inside. */
  macInMac: 32,
  /** Network Service Header (RFC 8300). */
  nsh: 64,
  /** An Ethernet frame carried whole: an MPLS pseudowire or transparent bridging. */
  innerEthernet: 128,
} as const;

/** TCP flag bits as they sit in the header (RFC 9293 section 3.1; NS is RFC 3540). */
export const TcpFlag = {
  fin: 0x01,
  syn: 0x02,
  rst: 0x04,
  psh: 0x08,
  ack: 0x10,
  urg: 0x20,
  ece: 0x40,
  cwr: 0x80,
  ns: 0x100,
} as const;

import type { DnsSummaryRing } from "../dns_summary_ring.ts";

/** `DecodedPacket.kept` before any payload is kept: shared, empty. */
const NO_BYTES = new Uint8Array(0);

/**
 * One frame, decoded. Every field is overwritten by `reset()`; a field that the frame does not
 * carry holds its "absent" value (-1 for numbers that can be zero, 0 for codes).
 */
export class DecodedPacket {
  // --- frame (from the capture record header)
  /** Seconds since the epoch. */
  tsSec = 0;
  /** Nanoseconds within the second (µs captures are scaled to ns). */
  tsNsec = 0;
  /** Bytes present in the capture buffer. */
  caplen = 0;
  /** Bytes on the wire: pcap `len`, what tshark calls `frame.len`. */
  wireLen = 0;
  /** The DLT/LINKTYPE number the frame was decoded as. */
  linkType = 0;

  // --- link layer
  /** The ethertype (or equivalent) announcing the outer network layer, after tags; -1 if none. */
  etherType = -1;
  /** Bit set of `Encap` values. */
  encapsulation = 0;
  /** Number of VLAN tags seen (0 when untagged). */
  vlanCount = 0;
  /** VLAN ID of the outer-most tag; -1 when untagged. */
  vlanId = -1;
  /** True when `srcMac`/`dstMac` hold addresses (Ethernet, or SLL's single source address). */
  hasMac = false;
  readonly srcMac = new Uint8Array(6);
  readonly dstMac = new Uint8Array(6);

  // --- network layer
  l3: L3 = L3.none;
  /**
   * Offset, in the buffer handed to the decoder, of the outer-most IPv4 or IPv6 header; -1 when
   * there is none. Lets later stages (fragment reassembly, tunnels) re-read header fields that
   * this struct does not carry, such as the IPv4 identification.
   */
  l3Offset = -1;
  /**
   * 4 for IPv4 addresses, 16 for IPv6, 0 when `src`/`dst` hold nothing. For ARP with IPv4
   * protocol addresses, `src`/`dst` hold the sender and target IP and `addrLen` is 4: consumers
   * that count IP talkers must check `l3`, not just `addrLen`.
   */
  addrLen = 0;
  /** Outer-most source address in network order; IPv4 uses the first 4 bytes. */
  readonly src = new Uint8Array(16);
  readonly dst = new Uint8Array(16);
  /** Protocol number the outer IP header announces after IPv6 extension headers; -1 if none. */
  ipProto = -1;
  /** IPv4 TTL or IPv6 hop limit; -1 if none. */
  ttl = -1;
  /** IPv4 header length or IPv6 fixed header plus extension headers, in bytes. */
  ipHeaderLen = 0;
  /** IPv4 total length, or IPv6 40 + payload length, as the header claims. */
  ipTotalLen = 0;
  /** True for any fragment of a fragmented datagram (IPv4 MF/offset, IPv6 Fragment header). */
  isFragment = false;
  /** Fragment offset in bytes (0 for the first fragment). Only non-first fragments lack ports. */
  fragOffset = 0;
  /** ARP operation (1 request, 2 reply, 3/4 RARP); -1 if not ARP. */
  arpOp = -1;

  // --- transport layer
  l4: L4 = L4.none;
  /** -1 when the frame has no ports, or they were not captured (e.g. a non-first fragment). */
  srcPort = -1;
  dstPort = -1;
  /** TCP flag bits (`TcpFlag`); -1 when not TCP or not captured. */
  tcpFlags = -1;
  /** Sequence and acknowledgement numbers as unsigned 32-bit values; -1 when not captured. */
  tcpSeq = -1;
  tcpAck = -1;
  tcpWindow = -1;
  /** ICMP / ICMPv6 type and code; -1 when not present. */
  icmpType = -1;
  icmpCode = -1;
  /** Offset, in the buffer handed to the decoder, of the first transport payload byte. */
  payloadOffset = 0;
  /** Transport payload length that the headers claim (may exceed what was captured). */
  payloadLength = 0;
  /** Transport payload bytes actually present in the capture. */
  payloadCaptured = 0;

  // --- kept payload (`--payload N` only): set on the main thread from the capture worker's
  // payload ring, never by the decoder, so `reset()` leaves them alone.
  /** Where the kept bytes are: `kept[keptOffset .. keptOffset + keptLength)`. */
  kept: Uint8Array = NO_BYTES;
  keptOffset = 0;
  /** Payload bytes kept (at most `--payload`); 0 when none were asked for or there were none. */
  keptLength = 0;
  /** Payload bytes the capture held, of which `keptLength` were kept. */
  keptOf = 0;

  // --- DNS summary: set on the main thread by the ring drain, never by the decoder.
  /**
   * The capture's table of DNS summaries and this packet's sequence number in its ring: where
   * the packet list finds what a DNS message said (`DnsSummaryRing.read(ringSeq)`), if anything.
   */
  dnsSummaries: DnsSummaryRing | null = null;
  ringSeq = 0;

  // --- quality
  /** True when caplen < wireLen (cut by the snaplen). Not an error: counted separately. */
  truncated = false;
  /** Why decoding stopped early; `DecodeError.none` for a complete decode. */
  error: DecodeError = DecodeError.none;

  /** Overwrite every field with its absent value. Called by the decoder before each frame. */
  reset(): void {
    this.tsSec = 0;
    this.tsNsec = 0;
    this.caplen = 0;
    this.wireLen = 0;
    this.linkType = 0;
    this.etherType = -1;
    this.encapsulation = 0;
    this.vlanCount = 0;
    this.vlanId = -1;
    this.hasMac = false;
    this.l3 = L3.none;
    this.l3Offset = -1;
    this.addrLen = 0;
    this.ipProto = -1;
    this.ttl = -1;
    this.ipHeaderLen = 0;
    this.ipTotalLen = 0;
    this.isFragment = false;
    this.fragOffset = 0;
    this.arpOp = -1;
    this.l4 = L4.none;
    this.srcPort = -1;
    this.dstPort = -1;
    this.tcpFlags = -1;
    this.tcpSeq = -1;
    this.tcpAck = -1;
    this.tcpWindow = -1;
    this.icmpType = -1;
    this.icmpCode = -1;
    this.payloadOffset = 0;
    this.payloadLength = 0;
    this.payloadCaptured = 0;
    this.truncated = false;
    this.error = DecodeError.none;
  }
}
