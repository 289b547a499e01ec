/**
 * The next packet of a session, written into a reused frame buffer: TCP with handshake, data,
 * acknowledgements and FIN; UDP request/response; DNS query then answer; ICMP echo pairs or
 * IPv6 neighbour discovery; ARP request then reply.
 */
import type { Prng } from "./prng.ts";
import { writeDnsQuery, writeDnsResponse } from "./synthetic_dns.ts";
import {
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  ETHERTYPE_IPV6,
  finishTransport,
  ICMP_ECHO_HEADER,
  IPV4_HEADER,
  IPV6_HEADER,
  type Mac,
  MIN_ETHERNET_FRAME,
  PROTO_ICMP,
  PROTO_ICMPV6,
  PROTO_TCP,
  PROTO_UDP,
  sumWords,
  type TcpSegment,
  UDP_HEADER,
  writeEthernet,
  writeIPv4,
  writeIPv6,
  writeTcp,
  writeUdp,
} from "./synthetic_frames.ts";
import {
  HTTP_PORTS,
  MIN_HTTP_REQUEST,
  MIN_HTTP_RESPONSE,
  NTP_MESSAGE,
  NTP_PORT,
  QUIC_PORT,
  writeHttpRequest,
  writeHttpResponseHead,
  writeNtp,
  writeOpaqueHead,
  writeQuicHeader,
} from "./synthetic_payloads.ts";
import { linkLocalV6, multicastMac, solicitedNodeV6 } from "./synthetic_hosts.ts";
import { Kind, type Session } from "./synthetic_session.ts";

/** 1500 MTU - 20 IPv4 - 20 TCP - 12 timestamp option: a full segment on Ethernet. */
const FULL_SEGMENT_V4 = 1448;
/** The same behind the 40-byte IPv6 header. */
const FULL_SEGMENT_V6 = 1428;
const TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_PSH = 0x08, TCP_ACK = 0x10;
/** SYN windows Linux sends (unscaled), then scaled windows of ~64 KiB (x128). */
const CLIENT_SYN_WINDOW = 64_240, SERVER_SYN_WINDOW = 65_160;
const CLIENT_WINDOW = 502, SERVER_WINDOW = 509;
/** Linux ping: 56 data bytes, a 16-byte timeval then the bytes 0x10, 0x11, ... (iputils). */
const PING_DATA = 56;
const PING_TIMEVAL = 16;
/** QUIC pads every client Initial to at least 1200 bytes (RFC 9000 section 14.1). */
const QUIC_INITIAL = 1200;
const ICMPV6_NS = 135, ICMPV6_NA = 136;
/** NA flags Router, Solicited and Override (RFC 4861 4.4). */
const NA_FLAGS = 0xe000_0000;
const ND_MESSAGE = 32;
const ARP_MESSAGE = 28;

/** What the packet writers share: the frame buffer, the PRNG, payload bytes and the clock. */
export interface FrameContext {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly prng: Prng;
  /** Copies `length` pseudo-random payload bytes to `at` and returns their word sum. */
  payload(at: number, length: number): number;
  /** The current capture time in milliseconds, as TCP timestamps count it. */
  readonly clockMs: number;
}

/** Writes the session's next packet; returns the frame length. */
export function writePacket(c: FrameContext, s: Session): number {
  switch (s.kind) {
    case Kind.tcp4:
    case Kind.tcp6:
      return writeTcpPacket(c, s);
    case Kind.udp4:
    case Kind.udp6:
    case Kind.dns4:
    case Kind.dns6:
      return writeUdpPacket(c, s);
    case Kind.icmp4:
    case Kind.icmp6:
      return s.neighbourDiscovery ? writeNeighbourDiscovery(c, s) : writeEcho(c, s);
    default:
      return writeArp(c, s);
  }
}

const segment: TcpSegment = {
  srcPort: 0,
  dstPort: 0,
  seq: 0,
  ack: 0,
  flags: 0,
  window: 0,
  tsVal: 0,
  tsEcr: 0,
};

function writeTcpPacket(c: FrameContext, s: Session): number {
  const i = s.index, n = s.length;
  const http = HTTP_PORTS.includes(s.serverPort);
  let fromClient = true, flags = TCP_ACK, length = 0;
  if (i === 0) flags = TCP_SYN;
  else if (i === 1) {
    fromClient = false;
    flags = n === 2 ? TCP_RST | TCP_ACK : TCP_SYN | TCP_ACK; // a closed port answers RST
  } else if (n >= 7 && i === n - 3) flags = TCP_FIN | TCP_ACK;
  else if (n >= 7 && i === n - 2) {
    fromClient = false;
    flags = TCP_FIN | TCP_ACK;
  } else if (n >= 7 && i === n - 1) flags = TCP_ACK;
  else if (i === 3) {
    flags = TCP_PSH | TCP_ACK;
    length = c.prng.int(http ? MIN_HTTP_REQUEST : 60, 700);
  } else if (i > 3 && (i - 4) % 3 !== 2) {
    fromClient = false;
    const full = s.v6 ? FULL_SEGMENT_V6 : FULL_SEGMENT_V4;
    const r = c.prng.float();
    length = r < 0.45 ? full : r < 0.8 ? c.prng.int(1, 300) : c.prng.int(300, full - 1);
    if (http && i === 4) length = Math.max(length, MIN_HTTP_RESPONSE);
    if (length < full) flags |= TCP_PSH;
  }
  const syn = (flags & TCP_SYN) !== 0;
  segment.srcPort = fromClient ? s.clientPort : s.serverPort;
  segment.dstPort = fromClient ? s.serverPort : s.clientPort;
  segment.seq = flags === (TCP_RST | TCP_ACK) ? 0 : fromClient ? s.clientSeq : s.serverSeq;
  segment.ack = flags === TCP_SYN ? 0 : fromClient ? s.serverSeq : s.clientSeq;
  segment.flags = flags;
  segment.window = syn
    ? (fromClient ? CLIENT_SYN_WINDOW : SERVER_SYN_WINDOW)
    : (fromClient ? CLIENT_WINDOW : SERVER_WINDOW);
  const mine = fromClient ? s.clientTsOffset : s.serverTsOffset;
  const theirs = fromClient ? s.serverTsOffset : s.clientTsOffset;
  segment.tsVal = (c.clockMs + mine) >>> 0;
  segment.tsEcr = flags === TCP_SYN ? 0 : (c.clockMs + theirs - 1) >>> 0;
  // SYN and FIN each take one sequence number (RFC 9293 3.4), data one per byte.
  const advance = length + (syn || (flags & TCP_FIN) !== 0 ? 1 : 0);
  if (fromClient) s.clientSeq = (s.clientSeq + advance) >>> 0;
  else s.serverSeq = (s.serverSeq + advance) >>> 0;
  const headerLength = 20 + (syn ? 20 : 12);
  const l3 = ip(c, s, fromClient, PROTO_TCP, headerLength + length);
  const l4 = l3 + (s.v6 ? IPV6_HEADER : IPV4_HEADER);
  const end = writeTcp(c.view, l4, segment, s.v6);
  let sum = c.payload(end, length);
  if (http && (i === 3 || i === 4) && length > 0) {
    if (i === 3) writeHttpRequest(c.bytes, end, length);
    else writeHttpResponseHead(c.bytes, end);
    sum = sumWords(c.view, end, length);
  }
  finishTransport(c.view, l3, l4, end, end + length, sum);
  return end + length;
}

function writeUdpPacket(c: FrameContext, s: Session): number {
  const dns = s.kind === Kind.dns4 || s.kind === Kind.dns6;
  const fromClient = s.index === 0 || (!dns && c.prng.chance(0.45));
  const l3 = ip(c, s, fromClient, PROTO_UDP, 0);
  const l4 = l3 + (s.v6 ? IPV6_HEADER : IPV4_HEADER);
  const start = l4 + UDP_HEADER;
  let end: number, sum: number;
  if (dns) {
    end = fromClient
      ? writeDnsQuery(c.bytes, c.view, start, s.dns)
      : writeDnsResponse(c.bytes, c.view, start, s.dns);
    sum = sumWords(c.view, start, end - start);
  } else {
    let length = c.prng.int(20, 1200);
    if (s.serverPort === NTP_PORT) length = NTP_MESSAGE;
    else if (s.serverPort === QUIC_PORT) {
      length = s.index === 0
        ? QUIC_INITIAL
        : fromClient
        ? c.prng.int(30, 120)
        : c.prng.chance(0.6)
        ? c.prng.int(1200, 1350)
        : c.prng.int(30, 300);
    }
    end = start + length;
    c.payload(start, length);
    if (s.serverPort === NTP_PORT) writeNtp(c.view, start, !fromClient, c.clockMs);
    else if (s.serverPort === QUIC_PORT) {
      writeQuicHeader(c.view, start, length, s.index === 0, fromClient, s.serial);
    } else writeOpaqueHead(c.view, start);
    sum = sumWords(c.view, start, length);
  }
  const port = (p: boolean) => p ? s.clientPort : s.serverPort;
  writeUdp(c.view, l4, port(fromClient), port(!fromClient), end - start);
  fixIpLength(c, s, l3, end - l4);
  finishTransport(c.view, l3, l4, start, end, sum);
  return end;
}

function writeEcho(c: FrameContext, s: Session): number {
  const fromClient = s.index % 2 === 0;
  const proto = s.v6 ? PROTO_ICMPV6 : PROTO_ICMP;
  const l3 = ip(c, s, fromClient, proto, ICMP_ECHO_HEADER + PING_DATA);
  const l4 = l3 + (s.v6 ? IPV6_HEADER : IPV4_HEADER);
  const v = c.view;
  // Echo request 8 / reply 0 (RFC 792), ICMPv6 128 / 129 (RFC 4443 4.1).
  v.setUint8(l4, s.v6 ? (fromClient ? 128 : 129) : (fromClient ? 8 : 0));
  v.setUint8(l4 + 1, 0);
  v.setUint16(l4 + 2, 0);
  v.setUint16(l4 + 4, s.icmpId);
  v.setUint16(l4 + 6, (s.index >> 1) + 1);
  const data = l4 + ICMP_ECHO_HEADER;
  v.setUint32(data, c.clockMs / 1000 >>> 0, true); // the sender's timeval, little-endian
  v.setUint32(data + 4, 0, true);
  v.setUint32(data + 8, c.clockMs % 1000 * 1000, true);
  v.setUint32(data + 12, 0, true);
  for (let k = PING_TIMEVAL; k < PING_DATA; k++) v.setUint8(data + k, k);
  const end = data + PING_DATA;
  finishTransport(v, l3, l4, data, end, sumWords(v, data, PING_DATA));
  return end;
}

const groupScratch = new Uint8Array(16);
const macScratch: Mac = { hi: 0, lo: 0 };
const clientLinkLocal = new Uint8Array(16);
const peerLinkLocal = new Uint8Array(16);

/** Neighbor Solicitation for the gateway, then its Advertisement (RFC 4861 4.3, 4.4). */
function writeNeighbourDiscovery(c: FrameContext, s: Session): number {
  const solicit = s.index % 2 === 0;
  const v = c.view;
  linkLocalV6(s.clientMac, clientLinkLocal);
  linkLocalV6(s.peerMac, peerLinkLocal);
  solicitedNodeV6(s.peerV6, groupScratch);
  const dstMac = solicit ? multicastMac(groupScratch, macScratch) : s.clientMac;
  const l3 = writeEthernet(
    v,
    0,
    dstMac,
    solicit ? s.clientMac : s.peerMac,
    s.vlanId,
    ETHERTYPE_IPV6,
  );
  const src = solicit ? clientLinkLocal : peerLinkLocal;
  const dst = solicit ? groupScratch : clientLinkLocal;
  const l4 = writeIPv6(c.bytes, v, l3, src, dst, PROTO_ICMPV6, ND_MESSAGE, s.peerTtl, 0);
  v.setUint8(l4, solicit ? ICMPV6_NS : ICMPV6_NA);
  v.setUint8(l4 + 1, 0);
  v.setUint16(l4 + 2, 0);
  v.setUint32(l4 + 4, solicit ? 0 : NA_FLAGS);
  c.bytes.set(s.peerV6, l4 + 8);
  // Source (1) or target (2) link-layer address option, 8 bytes long (RFC 4861 4.6.1).
  const mac = solicit ? s.clientMac : s.peerMac;
  v.setUint8(l4 + 24, solicit ? 1 : 2);
  v.setUint8(l4 + 25, 1);
  v.setUint16(l4 + 26, mac.hi);
  v.setUint32(l4 + 28, mac.lo);
  const end = l4 + ND_MESSAGE;
  finishTransport(v, l3, l4, end, end, 0);
  return end;
}

/** Request for the gateway's or resolver's address, broadcast; then the unicast reply. */
function writeArp(c: FrameContext, s: Session): number {
  const request = s.index % 2 === 0;
  const v = c.view;
  const src = request ? s.clientMac : s.peerMac;
  const dst = s.clientDestination();
  const at = writeEthernet(v, 0, request ? dst : s.clientMac, src, s.vlanId, ETHERTYPE_ARP);
  v.setUint16(at, 1); // Ethernet hardware (RFC 826)
  v.setUint16(at + 2, ETHERTYPE_IPV4);
  v.setUint8(at + 4, 6);
  v.setUint8(at + 5, 4);
  v.setUint16(at + 6, request ? 1 : 2);
  v.setUint16(at + 8, src.hi);
  v.setUint32(at + 10, src.lo);
  v.setUint32(at + 14, request ? s.clientV4 : s.arpTarget);
  v.setUint16(at + 18, request ? 0 : s.clientMac.hi);
  v.setUint32(at + 20, request ? 0 : s.clientMac.lo);
  v.setUint32(at + 24, request ? s.arpTarget : s.clientV4);
  const end = at + ARP_MESSAGE;
  // A reply arrives padded to Ethernet's minimum; a request is captured as its sender sent it.
  if (request || end >= MIN_ETHERNET_FRAME) return end;
  c.bytes.fill(0, end, MIN_ETHERNET_FRAME);
  return MIN_ETHERNET_FRAME;
}

/** Ethernet and IP headers of a session packet; returns the offset of the IP header. */
function ip(c: FrameContext, s: Session, fromClient: boolean, proto: number, l4Length: number) {
  const v = c.view;
  const dst = fromClient ? s.clientDestination() : s.clientMac;
  const src = fromClient ? s.clientMac : s.peerMac;
  const l3 = writeEthernet(v, 0, dst, src, s.vlanId, s.v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4);
  const ttl = fromClient ? 64 : s.peerTtl;
  if (s.v6) {
    const [a, b] = fromClient ? [s.clientV6, s.peerV6] : [s.peerV6, s.clientV6];
    const label = fromClient ? s.clientFlowLabel : s.peerFlowLabel;
    writeIPv6(c.bytes, v, l3, a, b, proto, l4Length, ttl, label);
  } else {
    const [a, b] = fromClient ? [s.clientV4, s.peerV4] : [s.peerV4, s.clientV4];
    s.ipId = (s.ipId + 1) & 0xffff;
    writeIPv4(v, l3, a, b, proto, l4Length, ttl, s.ipId);
  }
  return l3;
}

/** Rewrites the IP length once a variable-length payload is known (and the v4 checksum). */
function fixIpLength(c: FrameContext, s: Session, l3: number, l4Length: number): void {
  const v = c.view;
  if (s.v6) {
    v.setUint16(l3 + 4, l4Length);
    return;
  }
  writeIPv4(
    v,
    l3,
    v.getUint32(l3 + 12),
    v.getUint32(l3 + 16),
    PROTO_UDP,
    l4Length,
    v.getUint8(l3 + 8),
    v.getUint16(l3 + 4),
  );
}
