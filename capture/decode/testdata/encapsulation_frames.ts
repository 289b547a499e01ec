/**
 * Built Ethernet frames whose network layer sits behind other link-layer headers (MPLS, 802.1ah,
 * FabricPath, TRILL, NSH, MACsec, E-TAG, VN-Tag, HSR, R-TAG, Cisco MetaData, Jumbo LLC, bridged
 * Ethernet), and frames whose names travel inside tunnels (GTP-U, CAPWAP, Geneve, VXLAN, ERSPAN,
 * GRE, L2TP, Teredo, MPLS over GRE and UDP). `encapsulations_oracle_test.ts` checks each against
 * tshark.
 */
import { concat } from "./fixture.ts";
import { hexBytes } from "../../inspect/testdata/hex.ts";
import { CURL_CLIENT_HELLO } from "../../inspect/testdata/tls_payloads.ts";
import type { BuiltCase } from "./link_type_frames.ts";
import { wlanData } from "./link_type_frames.ts";
import {
  bytes,
  dnsQuery,
  ethernet,
  ipv4,
  ipv4Dns,
  ipv4Http,
  ipv6,
  ipv6Dns,
  snap,
  tcp,
  u16,
  u32,
  udp,
} from "./layers.ts";

const b = bytes;
const IP = ipv4Dns("outer.example");
const IP6 = ipv6Dns("outer6.example");
/** Addresses of known vendors (Intel, VMware), as tshark 4.0's pseudowire guess needs. */
const VENDOR_DA = [0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x01];
const VENDOR_SA = [0x00, 0x0c, 0x29, 0xaa, 0xbb, 0xcc];
const INNER = ethernet(0x0800, ipv4Dns("inner.example", "10.0.0.9"), VENDOR_DA, VENDOR_SA);
const INNER_HTTP = ethernet(0x0800, ipv4Http("web.example", "10.0.0.8"), VENDOR_DA, VENDOR_SA);
/** Another connection: the same segment twice in one file is a retransmission to tshark. */
const INNER_HTTP_PW = ethernet(0x0800, ipv4Http("pw.example", "10.0.0.7"), VENDOR_DA, VENDOR_SA);
const E = (type: number, payload: Uint8Array) => ethernet(type, payload);
const label = (value: number, bottom: boolean) =>
  u32(((value << 12) | (bottom ? 0x100 : 0) | 64) >>> 0);

function eth(cases: [string, Uint8Array, BuiltCase["l3"]][]): BuiltCase[] {
  return cases.map(([name, frame, l3]) => ({ name, linkType: 1, bytes: frame, l3 }));
}

/** EtherTypes tshark looks through before the network layer. */
export const ENCAPSULATION_CASES: readonly BuiltCase[] = eth([
  ["MPLS, IPv4", E(0x8847, concat(b(...label(16, true)), IP)), "ipv4"],
  [
    "MPLS, two labels, IPv6",
    E(0x8847, concat(b(...label(16, false), ...label(17, true)), IP6)),
    "ipv6",
  ],
  ["MPLS multicast", E(0x8848, concat(b(...label(16, true)), IP)), "ipv4"],
  ["MPLS explicit null", E(0x8847, concat(b(...label(0, true)), IP)), "ipv4"],
  [
    "MPLS pseudowire, control word",
    E(0x8847, concat(b(...label(16, true), 0, 0, 0, 0), INNER)),
    "ipv4",
  ],
  [
    "MPLS pseudowire, sequenced control word",
    E(0x8847, concat(b(...label(16, true), 0, 0, 0, 7), INNER)),
    "ipv4",
  ],
  ["MPLS pseudowire, no control word", E(0x8847, concat(b(...label(16, true)), INNER)), "ipv4"],
  [
    "MPLS associated channel, IPv4",
    E(0x8847, concat(b(...label(16, true), 0x10, 0, 0, 0x21), IP)),
    "ipv4",
  ],
  [
    "MPLS, payload tshark does not read",
    E(0x8847, concat(b(...label(16, true), 0xa4, 0x83), IP)),
    "other",
  ],
  ["MPLS in a VLAN", E(0x8100, concat(b(0, 5, 0x88, 0x47, ...label(16, true)), IP)), "ipv4"],
  [
    "MPLS over PPPoE",
    E(0x8864, concat(b(0x11, 0, 0, 1, ...u16(IP.length + 6), 0x02, 0x81, ...label(16, true)), IP)),
    "ipv4",
  ],
  ["802.1ah I-TAG", E(0x88e7, concat(b(0, 0, 0, 1), INNER)), "ipv4"],
  ["802.1ah behind a B-TAG", E(0x88a8, concat(b(0, 5, 0x88, 0xe7, 0, 0, 0, 1), INNER)), "ipv4"],
  ["FabricPath", E(0x8903, concat(b(0, 0x20), INNER, b(1, 2, 3, 4))), "ipv4"],
  ["FabricPath without its FCS", E(0x8903, concat(b(0, 0x20), INNER)), "ipv4"],
  [
    "NSH MD type 1, IPv4",
    E(0x894f, concat(b(0, 6, 1, 1, 0, 0, 1, 0xff), new Uint8Array(16), IP)),
    "ipv4",
  ],
  ["NSH MD type 2, IPv6", E(0x894f, concat(b(0, 2, 2, 2, 0, 0, 1, 0xff), IP6)), "ipv6"],
  ["NSH, Ethernet", E(0x894f, concat(b(0, 2, 2, 3, 0, 0, 1, 0xff), INNER)), "ipv4"],
  [
    "MACsec integrity only",
    E(0x88e5, concat(b(0, 0, 0, 0, 0, 1, 8, 0), IP, new Uint8Array(16))),
    "ipv4",
  ],
  [
    "MACsec integrity only, with SCI",
    E(0x88e5, concat(b(0x20, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 8, 0), IP, new Uint8Array(16))),
    "ipv4",
  ],
  [
    "MACsec encrypted",
    E(0x88e5, concat(b(0x2c, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 8, 0), IP, new Uint8Array(16))),
    "other",
  ],
  [
    "MACsec changed text",
    E(0x88e5, concat(b(0x04, 0, 0, 0, 0, 1, 8, 0), IP, new Uint8Array(16))),
    "other",
  ],
  ["802.1BR E-TAG", E(0x893f, concat(b(0, 0, 0, 0, 0, 0, 8, 0), IP)), "ipv4"],
  [
    "802.1BR E-TAG then a VLAN",
    E(0x893f, concat(b(0, 0, 0, 0, 0, 0, 0x81, 0, 0, 5, 8, 0), IP)),
    "ipv4",
  ],
  ["VN-Tag", E(0x8926, concat(b(0, 0, 0, 0, 8, 0), IP)), "ipv4"],
  ["Transparent Ethernet bridging", E(0x6558, INNER), "ipv4"],
  ["HSR tag", E(0x892f, concat(b(0, 0x40, 0, 1, 8, 0), IP)), "ipv4"],
  ["802.1CB R-TAG", E(0xf1c1, concat(b(0, 0, 0, 1, 8, 0), IP)), "ipv4"],
  ["802.1CB R-TAG in a VLAN", E(0x8100, concat(b(0, 5, 0xf1, 0xc1, 0, 0, 0, 1, 8, 0), IP)), "ipv4"],
  ["TRILL", E(0x22f3, concat(b(0, 0x3f, 0, 1, 0, 2), INNER)), "ipv4"],
  [
    "TRILL with an option word",
    E(0x22f3, concat(b(0, 0x7f, 0, 1, 0, 2, 0, 0, 0, 0), INNER)),
    "ipv4",
  ],
  ["0x9200 is not a VLAN tag", E(0x9200, concat(b(0, 5, 8, 0), IP)), "other"],
  ["Cisco MetaData (TrustSec SGT)", E(0x8909, concat(b(1, 1, 0, 1, 0, 5, 8, 0), IP)), "ipv4"],
  [
    "Cisco MetaData in a VLAN, IPv6",
    E(0x8100, concat(b(0, 5, 0x89, 0x09, 1, 1, 0, 1, 0, 5, 0x86, 0xdd), IP6)),
    "ipv6",
  ],
  ["Cisco MetaData cut before its type", E(0x8909, b(1, 1, 0, 1, 0, 5)), "other"],
  ["Jumbo LLC, SNAP", E(0x8870, concat(b(0xaa, 0xaa, 3, 0, 0, 0, 8, 0), IP)), "ipv4"],
  ["Jumbo LLC, spanning tree", E(0x8870, concat(b(0x42, 0x42, 3), new Uint8Array(35))), "other"],
]);

const outerUdp = (port: number, payload: Uint8Array) =>
  E(0x0800, ipv4({ proto: 17 }, udp(50000, port, payload)));
const outerGre = (payload: Uint8Array) => E(0x0800, ipv4({ proto: 47 }, payload));
const innerV4 = ipv4Dns("tunnelled.example", "10.1.1.1");
const innerV6 = ipv6Dns("tunnelled6.example", 9);
/** curl's real ClientHello (SNI www.ntop.org) in one TCP segment to port 443. */
const innerTls = (src: string) =>
  ipv4({ proto: 6, src }, tcp(40002, 443, hexBytes(CURL_CLIENT_HELLO)));
const TLS_IN_GTP = innerTls("10.2.2.2");
/** An 802.11 data frame as Cisco access points put it in CAPWAP: frame control byte-swapped. */
const capwapWlan = (body: Uint8Array) => {
  const frame = wlanData(body);
  return concat(b(frame[1]!, frame[0]!), frame.subarray(2));
};

/** Tunnels whose inner names tshark counts; the outer headers are what is counted. */
export const TUNNEL_CASES: readonly BuiltCase[] = eth([
  [
    "GTP-U, IPv4",
    outerUdp(2152, concat(b(0x30, 0xff, ...u16(innerV4.length), 0, 0, 0, 1), innerV4)),
    "ipv4",
  ],
  [
    "GTP-U with a sequence number, IPv6",
    outerUdp(
      2152,
      concat(b(0x32, 0xff, ...u16(innerV6.length + 4), 0, 0, 0, 1, 0, 1, 0, 0), innerV6),
    ),
    "ipv4",
  ],
  [
    "GTP-U with an extension header",
    outerUdp(
      2152,
      concat(
        b(0x34, 0xff, ...u16(innerV4.length + 8), 0, 0, 0, 1, 0, 0, 0, 0x85, 1, 0, 9, 0),
        innerV4,
      ),
    ),
    "ipv4",
  ],
  [
    "CAPWAP data, 802.11",
    outerUdp(5247, concat(b(0, 0x10, 0x43, 0x10, 0, 0, 0, 0), capwapWlan(snap(0x0800, innerV4)))),
    "ipv4",
  ],
  ["CAPWAP data, 802.3", outerUdp(5247, concat(b(0, 0x10, 0x40, 0, 0, 0, 0, 0), INNER)), "ipv4"],
  ["Geneve, Ethernet", outerUdp(6081, concat(b(0, 0, 0x65, 0x58, 0, 0, 1, 0), INNER)), "ipv4"],
  [
    "Geneve with an option, IPv4",
    outerUdp(6081, concat(b(2, 0, 8, 0, 0, 0, 1, 0, 1, 2, 3, 1, 0, 0, 0, 0), innerV4)),
    "ipv4",
  ],
  ["VXLAN", outerUdp(4789, concat(b(8, 0, 0, 0, 0, 0, 1, 0), INNER)), "ipv4"],
  ["ERSPAN type I", outerGre(concat(b(0, 0, 0x88, 0xbe), INNER)), "ipv4"],
  [
    "ERSPAN type II",
    outerGre(concat(b(0x10, 0, 0x88, 0xbe, 0, 0, 0, 1, 0x10, 5, 0, 1, 0, 0, 0, 0), INNER)),
    "ipv4",
  ],
  [
    "ERSPAN type III",
    outerGre(
      concat(b(0x10, 0, 0x22, 0xeb, 0, 0, 0, 1, 0x20, 5, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0), INNER),
    ),
    "ipv4",
  ],
  [
    "ERSPAN type III with platform subheader",
    outerGre(
      concat(
        b(
          0x10,
          0,
          0x22,
          0xeb,
          0,
          0,
          0,
          1,
          0x20,
          5,
          0,
          1,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          1,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
        ),
        INNER,
      ),
    ),
    "ipv4",
  ],
  ["GRE, transparent bridging", outerGre(concat(b(0, 0, 0x65, 0x58), INNER_HTTP)), "ipv4"],
  ["NVGRE", outerGre(concat(b(0x20, 0, 0x65, 0x58, 0, 0, 1, 0), INNER)), "ipv4"],
  [
    "GRE, PPTP's PPP",
    outerGre(concat(b(0x30, 0x01, 0x88, 0x0b, 0, 0, 0, 1, 0, 0, 0, 1, 0xff, 3, 0, 0x21), innerV4)),
    "ipv4",
  ],
  ["L2TPv2 data", outerUdp(1701, concat(b(0, 2, 0, 1, 0, 1, 0xff, 3, 0, 0x21), innerV4)), "ipv4"],
  [
    "L2TPv2 data with a length",
    outerUdp(
      1701,
      concat(b(0x40, 2, ...u16(innerV4.length + 12), 0, 1, 0, 1, 0xff, 3, 0, 0x21), innerV4),
    ),
    "ipv4",
  ],
  [
    "L2TPv2 data with sequence and offset",
    outerUdp(
      1701,
      concat(b(0x0a, 2, 0, 1, 0, 1, 0, 0, 0, 0, 0, 2, 0xaa, 0xbb, 0xff, 3, 0, 0x21), innerV4),
    ),
    "ipv4",
  ],
  [
    "L2TPv2 control message",
    outerUdp(1701, concat(b(0xc8, 2, 0, 12, 0, 1, 0, 1, 0, 0, 0, 0), innerV4)),
    "ipv4",
  ],
  [
    "L2TPv3 over UDP (tshark reads no session payload)",
    outerUdp(1701, concat(b(0, 3, 0, 0, 0, 0, 0, 5), INNER)),
    "ipv4",
  ],
  ["Teredo", outerUdp(3544, innerV6), "ipv4"],
  [
    "Teredo with an authentication indicator",
    outerUdp(3544, concat(b(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), innerV6)),
    "ipv4",
  ],
  [
    "Teredo with an origin indicator",
    outerUdp(3544, concat(b(0, 0, 0x12, 0x34, 1, 2, 3, 4), innerV6)),
    "ipv4",
  ],
  ["MPLS over GRE", outerGre(concat(b(0, 0, 0x88, 0x47, ...label(16, true)), innerV4)), "ipv4"],
  ["MPLS over UDP", outerUdp(6635, concat(b(...label(16, true)), innerV4)), "ipv4"],
  [
    "MPLS pseudowire over GRE",
    outerGre(concat(b(0, 0, 0x88, 0x47, ...label(16, true), 0, 0, 0, 0), INNER)),
    "ipv4",
  ],
  [
    "Pseudowire over MPLS over Ethernet",
    E(0x8847, concat(b(...label(16, true), 0, 0, 0, 0), INNER_HTTP_PW)),
    "ipv4",
  ],
  [
    "GTP-U carrying a TLS ClientHello",
    outerUdp(2152, concat(b(0x30, 0xff, ...u16(TLS_IN_GTP.length), 0, 0, 0, 1), TLS_IN_GTP)),
    "ipv4",
  ],
  [
    "Geneve carrying a TLS ClientHello",
    outerUdp(6081, concat(b(0, 0, 8, 0, 0, 0, 1, 0), innerTls("10.2.2.3"))),
    "ipv4",
  ],
  [
    "L2TPv2 carrying an HTTP request",
    outerUdp(1701, concat(b(0, 2, 0, 1, 0, 1, 0xff, 3, 0, 0x21), ipv4Http("l2tp.example"))),
    "ipv4",
  ],
  [
    "IPv6 in IPv6 in GRE in IPv4",
    outerGre(concat(b(0, 0, 0x86, 0xdd), ipv6({ next: 41, src: 3 }, innerV6))),
    "ipv4",
  ],
]);

const query = dnsQuery("length.example");
const segment = tcp(
  40001,
  80,
  new TextEncoder().encode("GET / HTTP/1.1\r\nHost: jumbo.example\r\n\r\n"),
);
/** A Hop-by-Hop header holding only a Jumbo Payload option with `length` (RFC 2675). */
const jumbo = (next: number, length: number) => b(next, 0, 0xc2, 4, ...u32(length));
/** A TCP segment padded with zeros to `total` bytes, for a jumbogram really that long. */
const bigSegment = (total: number) => concat(segment, new Uint8Array(total - segment.length));
const JUMBO_PAYLOAD = 70_000;

/** IPv6 jumbograms and IPv4/IPv6/UDP length fields that lie, as tshark counts them. */
export const LENGTH_CASES: readonly BuiltCase[] = [
  ...eth([
    [
      "IPv6 jumbogram, captured whole",
      E(
        0x86dd,
        ipv6(
          { next: 0, payloadLen: 0 },
          concat(jumbo(6, JUMBO_PAYLOAD), bigSegment(JUMBO_PAYLOAD - 8)),
        ),
      ),
      "ipv6",
    ],
    [
      "IPv6 Jumbo Payload option of 65,535 or less (invalid)",
      E(0x86dd, ipv6({ next: 0, payloadLen: 0 }, concat(jumbo(6, 8 + segment.length), segment))),
      "ipv6",
    ],
    [
      "IPv6 payload length 0, no Hop-by-Hop header",
      E(0x86dd, ipv6({ next: 6, payloadLen: 0 }, segment)),
      "ipv6",
    ],
    [
      "IPv4 total length 0 (segmentation offload)",
      E(0x0800, ipv4({ proto: 6, totalLen: 0 }, segment)),
      "ipv4",
    ],
    [
      "IPv4 total length past the frame, UDP",
      E(0x0800, ipv4({ proto: 17, totalLen: 1000 }, udp(40000, 53, query))),
      "ipv4",
    ],
    [
      "IPv4 total length past the frame, TCP",
      E(0x0800, ipv4({ proto: 6, totalLen: 1000 }, segment)),
      "ipv4",
    ],
    [
      "IPv4 total length inside the TCP header",
      E(0x0800, ipv4({ proto: 6, totalLen: 24 }, segment)),
      "ipv4",
    ],
    [
      "IPv4 total length inside the DNS message",
      E(0x0800, ipv4({ proto: 17, totalLen: 30 }, udp(40000, 53, query))),
      "ipv4",
    ],
    [
      "IPv4 total length below the header",
      E(0x0800, ipv4({ proto: 17, totalLen: 10 }, udp(40000, 53, query))),
      "ipv4",
    ],
    [
      "IPv6 payload length past the frame",
      E(0x86dd, ipv6({ next: 17, payloadLen: 1000 }, udp(40000, 53, query))),
      "ipv6",
    ],
    [
      "IPv6 payload length inside the TCP header",
      E(0x86dd, ipv6({ next: 6, payloadLen: 10 }, segment)),
      "ipv6",
    ],
    [
      "IPv6 payload length inside the DNS message",
      E(0x86dd, ipv6({ next: 17, payloadLen: 12 }, udp(40000, 53, query))),
      "ipv6",
    ],
    [
      "UDP length past the datagram",
      E(0x0800, ipv4({ proto: 17 }, concat(b(...u16(40000), 0, 53, 3, 0xe8, 0, 0), query))),
      "ipv4",
    ],
    [
      "UDP length inside the DNS message",
      E(0x0800, ipv4({ proto: 17 }, concat(b(...u16(40000), 0, 53, 0, 10, 0, 0), query))),
      "ipv4",
    ],
    [
      "UDP length 0",
      E(0x0800, ipv4({ proto: 17 }, concat(b(...u16(40000), 0, 53, 0, 0, 0, 0), query))),
      "ipv4",
    ],
  ]),
  {
    name: "IPv6 jumbogram cut by the snaplen (BIG TCP seen by tcpdump -s 128)",
    linkType: 1,
    bytes: E(0x86dd, ipv6({ next: 0, payloadLen: 0 }, concat(jumbo(6, JUMBO_PAYLOAD), segment))),
    wireLen: 14 + 40 + JUMBO_PAYLOAD,
    l3: "ipv6",
  },
];
