/**
 * Built frames of every link type the decoder reads besides Ethernet, SLL and raw IP, one
 * group per link type, each frame carrying a DNS query (or nothing tshark reads, where `l3` is
 * "other"). Written byte by byte with `layers.ts`; `link_types_oracle_test.ts` checks each
 * against tshark, which also confirms the `l3` written here.
 */
import { concat } from "./fixture.ts";
import {
  bytes,
  ethernet,
  ipv4Dns,
  ipv6Dns,
  MAC_A,
  MAC_B,
  snap,
  u16,
  u16le,
  u32,
  u32le,
} from "./layers.ts";

/** One built frame, what tshark makes of its outer network layer, and why it is here. */
export interface BuiltCase {
  name: string;
  linkType: number;
  bytes: Uint8Array;
  /** The outer network class tshark reports (checked against tshark, not only against us). */
  l3: "ipv4" | "ipv6" | "arp" | "other";
  /** The length on the wire, when the snaplen kept less than all of it. */
  wireLen?: number;
}

const IP = ipv4Dns("v4.example");
const IP6 = ipv6Dns("v6.example");
const ETH = ethernet(0x0800, ipv4Dns("bridged.example", "10.0.0.9"));
/** An ARP request (Ethernet hardware type, as any link with EtherTypes may carry). */
const ARP = bytes(0, 1, 8, 0, 6, 4, 0, 1, ...MAC_A, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2);
const b = bytes;

function group(linkType: number, cases: [string, Uint8Array, BuiltCase["l3"]][]): BuiltCase[] {
  return cases.map(([name, frame, l3]) => ({ name, linkType, bytes: frame, l3 }));
}

/** An 802.11 data frame from a station to its AP (To DS), addresses A, B, A. */
export function wlanData(body: Uint8Array, flags = 0x01, subtype = 0x08): Uint8Array {
  return concat(b(subtype, flags, 0, 0, ...MAC_A, ...MAC_B, ...MAC_A, 0x10, 0), body);
}

/** An 802.11 QoS data frame (QoS control `qos`, and HT control when `flags` has Order). */
function wlanQos(body: Uint8Array, flags = 0x01, qos = 0): Uint8Array {
  const ht = (flags & 0x80) !== 0 ? [0, 0, 0, 0] : [];
  return concat(b(0x88, flags, 0, 0, ...MAC_A, ...MAC_B, ...MAC_A, 0x10, 0, qos, 0, ...ht), body);
}

const radiotap = (body: Uint8Array) => concat(b(0, 0, ...u16le(8), 0, 0, 0, 0), body);
/** Radiotap with TSFT and Flags (FCS at end): the flags field sits after an aligned TSFT. */
const radiotapFcs = (body: Uint8Array) =>
  concat(b(0, 0, ...u16le(18), ...u32le(3), ...new Array(8).fill(0), 0x10, 0), body, b(1, 2, 3, 4));
/** Radiotap with Flags (data pad): the 802.11 header is padded to a multiple of 4 bytes. */
const radiotapPad = (body: Uint8Array) => concat(b(0, 0, ...u16le(9), ...u32le(2), 0x20), body);
const ppi = (dlt: number, body: Uint8Array) => concat(b(0, 0, ...u16le(8), ...u32le(dlt)), body);

function pflog(len: number, family: number, total: number, body: Uint8Array): Uint8Array {
  const header = new Uint8Array(total);
  header[0] = len;
  header[1] = family;
  return concat(header, body);
}

function nflogTlv(type: number, value: Uint8Array): Uint8Array {
  const len = 4 + value.length;
  return concat(b(...u16le(len), ...u16le(type)), value, new Uint8Array((4 - len % 4) % 4));
}

function nflog(family: number, body: Uint8Array): Uint8Array {
  return concat(
    b(family, 0, 0, 1),
    nflogTlv(1, b(...u16(family === 2 ? 0x0800 : 0x86dd), 3, 0)),
    nflogTlv(10, b(...u16le(0))),
    nflogTlv(9, body),
  );
}

const ipnet = (family: number, body: Uint8Array) =>
  concat(b(2, family, 0, 0, ...u32(body.length), ...new Array(16).fill(0)), body);

function pktap(dlt: number, body: Uint8Array): Uint8Array {
  const header = new Uint8Array(108);
  const view = new DataView(header.buffer);
  view.setUint32(0, 108, true);
  view.setUint32(4, 1, true);
  view.setUint32(8, dlt, true);
  return concat(header, body);
}

/** An AX.25 address: six shifted characters and an SSID byte, `last` setting its end bit. */
function ax25Address(call: string, last: boolean): number[] {
  const chars = call.padEnd(6).split("").map((c) => c.charCodeAt(0) << 1);
  return [...chars, 0x60 | (last ? 1 : 0)];
}
const AX25_DEST = ax25Address("QST", false);
const AX25_SRC = ax25Address("N0CALL", true);
const AX25_VIA = ax25Address("N0CALL", false);
const AX25_RELAY = ax25Address("RELAY", true);
/** A KISS frame: command byte, AX.25 addresses, control (and PID) bytes, payload. */
const kiss = (command: number, addresses: number[][], control: Uint8Array, body: Uint8Array) =>
  concat(b(command, ...addresses.flat()), control, body);

const lbl = (label: number, bottom: boolean) =>
  u32(((label << 12) | (bottom ? 0x100 : 0) | 64) >>> 0);

export const LINK_TYPE_GROUPS: readonly (readonly BuiltCase[])[] = [
  group(9, [
    ["PPP with address and control", concat(b(0xff, 0x03, 0, 0x21), IP), "ipv4"],
    ["PPP, protocol field compressed", concat(b(0x21), IP), "ipv4"],
    ["PPP IPv6", concat(b(0, 0x57), IP6), "ipv6"],
    ["Cisco HDLC on a PPP link", concat(b(0x0f, 0, 8, 0), IP), "ipv4"],
    ["PPP MPLS", concat(b(0x02, 0x81), b(...lbl(16, true)), IP), "ipv4"],
    ["PPP LCP", concat(b(0xff, 0x03, 0xc0, 0x21, 1, 1, 0, 4)), "other"],
  ]),
  group(50, [
    ["PPP in HDLC framing", concat(b(0xff, 0x03, 0, 0x21), IP), "ipv4"],
    ["Cisco HDLC on a PPP serial link", concat(b(0x0f, 0, 8, 0), IP), "ipv4"],
  ]),
  group(51, [
    ["PPPoE-style PPP", concat(b(0x11, 0, 0, 1, ...u16(IP.length + 2), 0, 0x21), IP), "ipv4"],
    [
      "PPPoE-style PPP IPv6",
      concat(b(0x11, 0, 0, 1, ...u16(IP6.length + 2), 0, 0x57), IP6),
      "ipv6",
    ],
  ]),
  group(105, [
    ["802.11 data, LLC/SNAP IPv4", wlanData(snap(0x0800, IP)), "ipv4"],
    ["802.11 data from the AP, IPv6", wlanData(snap(0x86dd, IP6), 0x02), "ipv6"],
    ["802.11 protected data", wlanData(snap(0x0800, IP), 0x41), "other"],
    ["802.11 QoS data", wlanQos(snap(0x0800, IP)), "ipv4"],
    ["802.11 QoS data with HT control", wlanQos(snap(0x0800, IP), 0x81), "ipv4"],
    ["802.11 four-address data", wlanData(concat(b(...MAC_B), snap(0x0800, IP)), 0x03), "ipv4"],
    ["802.11 null function", wlanData(new Uint8Array(0), 0x01, 0x48), "other"],
    ["802.11 beacon", concat(b(0x80, 0, 0, 0, ...MAC_A, ...MAC_B, ...MAC_B, 0, 0), IP), "other"],
  ]),
  group(127, [
    ["radiotap", radiotap(wlanData(snap(0x0800, IP))), "ipv4"],
    ["radiotap with TSFT and an FCS", radiotapFcs(wlanData(snap(0x0800, IP))), "ipv4"],
    ["radiotap data pad", radiotapPad(wlanQos(concat(b(0, 0), snap(0x0800, IP)))), "ipv4"],
  ]),
  group(192, [
    ["PPI 802.11", ppi(105, wlanData(snap(0x0800, IP))), "ipv4"],
    ["PPI Ethernet", ppi(1, ETH), "ipv4"],
    ["PPI radiotap", ppi(127, radiotap(wlanData(snap(0x86dd, IP6)))), "ipv6"],
  ]),
  group(119, [
    [
      "Prism",
      concat(b(...u32le(0x41), ...u32le(144)), new Uint8Array(136), wlanData(snap(0x0800, IP))),
      "ipv4",
    ],
  ]),
  group(163, [
    [
      "AVS",
      concat(b(...u32(0x80211001), ...u32(64)), new Uint8Array(56), wlanData(snap(0x0800, IP))),
      "ipv4",
    ],
  ]),
  group(117, [
    ["PFLOG IPv4", pflog(61, 2, 64, IP), "ipv4"],
    ["PFLOG IPv6 (OpenBSD family)", pflog(61, 24, 64, IP6), "ipv6"],
    ["PFLOG IPv6 (FreeBSD family)", pflog(61, 28, 64, IP6), "ipv6"],
    ["PFLOG IPv6 (macOS family)", pflog(61, 30, 64, IP6), "ipv6"],
    ["PFLOG header padding is not IP", pflog(61, 2, 61, IP), "ipv4"],
  ]),
  group(109, [
    ["ENC little-endian family", concat(b(...u32le(2), 0, 0, 0, 1, 0, 0, 0, 0), IP), "ipv4"],
    ["ENC big-endian family", concat(b(...u32(2), 0, 0, 0, 1, 0, 0, 0, 0), IP), "ipv4"],
    ["ENC IPv6", concat(b(...u32le(24), 0, 0, 0, 1, 0, 0, 0, 0), IP6), "ipv6"],
    ["ENC unknown family", concat(b(...u32le(0), 0, 0, 0, 1, 0, 0, 0, 0), IP6), "other"],
  ]),
  group(239, [
    ["NFLOG IPv4", nflog(2, IP), "ipv4"],
    ["NFLOG IPv6", nflog(10, IP6), "ipv6"],
    ["NFLOG family decides", nflog(2, IP6), "ipv4"],
  ]),
  group(226, [
    ["IPNET IPv4", ipnet(2, IP), "ipv4"],
    ["IPNET IPv6", ipnet(26, IP6), "ipv6"],
  ]),
  group(258, [
    ["PKTAP Ethernet", pktap(1, ETH), "ipv4"],
    ["PKTAP loopback", pktap(0, concat(b(...u32le(2)), IP)), "ipv4"],
    ["PKTAP raw IP", pktap(12, IP), "ipv4"],
  ]),
  group(242, [
    ["IPoIB", concat(new Uint8Array(40), b(8, 0, 0, 0), IP), "ipv4"],
    ["IPoIB IPv6", concat(new Uint8Array(40), b(0x86, 0xdd, 0, 0), IP6), "ipv6"],
    ["IPoIB without the pseudo-header", concat(b(8, 0, 0, 0), IP), "other"],
  ]),
  group(104, [
    ["Cisco HDLC IPv4", concat(b(0x0f, 0, 8, 0), IP), "ipv4"],
    ["Cisco HDLC IPv6, broadcast", concat(b(0x8f, 0, 0x86, 0xdd), IP6), "ipv6"],
    ["Cisco HDLC SLARP", concat(b(0x0f, 0, 0x80, 0x35), IP), "other"],
    ["Cisco HDLC MPLS", concat(b(0x0f, 0, 0x88, 0x47, ...lbl(16, true)), IP), "ipv4"],
  ]),
  group(107, [
    ["Frame Relay NLPID IPv4", concat(b(0x18, 0x41, 0x03, 0xcc), IP), "ipv4"],
    ["Frame Relay NLPID IPv6", concat(b(0x18, 0x41, 0x03, 0x8e), IP6), "ipv6"],
    ["Frame Relay pad, SNAP", concat(b(0x18, 0x41, 0x03, 0, 0x80, 0, 0, 0, 8, 0), IP), "ipv4"],
    ["Frame Relay SNAP", concat(b(0x18, 0x41, 0x03, 0x80, 0, 0, 0, 8, 0), IP), "ipv4"],
    ["Frame Relay Cisco", concat(b(0x18, 0x41, 8, 0), IP), "ipv4"],
    ["Frame Relay pad, NLPID", concat(b(0x18, 0x41, 0x03, 0, 0xcc), IP), "ipv4"],
    ["Frame Relay bridged", concat(b(0x18, 0x41, 0x03, 0x80, 0, 0x80, 0xc2, 0, 7), ETH), "ipv4"],
  ]),
  group(11, [
    ["RFC 1483 LLC/SNAP IPv4", snap(0x0800, IP), "ipv4"],
    ["RFC 1483 LLC/SNAP IPv6", snap(0x86dd, IP6), "ipv6"],
    ["RFC 1483 without LLC", IP, "other"],
  ]),
  group(19, [
    ["CLIP", IP, "ipv4"],
    ["CLIP with an LLC header", snap(0x0800, IP), "ipv4"],
  ]),
  group(123, [
    ["SunATM LLC", concat(b(0x02, 0, 0, 32), snap(0x0800, IP)), "ipv4"],
    ["SunATM LANE", concat(b(0x01, 0, 0, 33), b(0, 1), ETH), "ipv4"],
    ["SunATM raw, SNAP guessed", concat(b(0x00, 0, 0, 34), snap(0x0800, IP)), "ipv4"],
    ["SunATM raw, IP guessed", concat(b(0x00, 0, 0, 34), IP), "ipv4"],
    ["SunATM raw IPv6, given to IPv4", concat(b(0x00, 0, 0, 34), IP6), "ipv4"],
    ["SunATM raw Ethernet", concat(b(0x00, 0, 0, 34), ETH), "other"],
    ["SunATM ILMI", concat(b(0x05, 0, 0, 34), IP), "other"],
    ["SunATM signalling VC", concat(b(0x00, 0, 0, 5), IP), "other"],
    ["SunATM LANE control", concat(b(0x01, 0, 0, 33), b(0xff, 0, 0, 1), ETH), "other"],
  ]),
  group(7, [
    ["ARCNET RFC 1201 IP", concat(b(1, 2, 0xd4, 0, 0, 0), IP), "ipv4"],
    ["ARCNET RFC 1051 IP", concat(b(1, 2, 0xf0), IP), "ipv4"],
    ["ARCNET IPv6", concat(b(1, 2, 0xc4, 0, 0, 0), IP6), "ipv6"],
    ["ARCNET exception packet", concat(b(1, 2, 0xd4, 0xff, 0xff, 0xff, 0xd4, 0, 0, 0), IP), "ipv4"],
  ]),
  group(129, [
    ["Linux ARCNET RFC 1201 IP", concat(b(1, 2, 0, 0, 0xd4, 0, 0, 0), IP), "ipv4"],
    ["Linux ARCNET RFC 1051 IP", concat(b(1, 2, 0, 0, 0xf0), IP), "ipv4"],
  ]),
  group(10, [
    ["FDDI async LLC", concat(b(0x50, ...MAC_A, ...MAC_B), snap(0x0800, IP)), "ipv4"],
    [
      "FDDI async LLC, priority 7, IPv6",
      concat(b(0x57, ...MAC_A, ...MAC_B), snap(0x86dd, IP6)),
      "ipv6",
    ],
    ["FDDI frame control 0x5f", concat(b(0x5f, ...MAC_A, ...MAC_B), snap(0x0800, IP)), "ipv4"],
    [
      "FDDI synchronous LLC (tshark: data)",
      concat(b(0xd0, ...MAC_A, ...MAC_B), snap(0x0800, IP)),
      "other",
    ],
    ["FDDI SMT", concat(b(0x41, ...MAC_A, ...MAC_B), snap(0x0800, IP)), "other"],
  ]),
  group(6, [
    ["Token Ring LLC", concat(b(0x10, 0x40, ...MAC_A, ...MAC_B), snap(0x0800, IP)), "ipv4"],
    ["Token Ring LLC, IPv6", concat(b(0x10, 0x41, ...MAC_A, ...MAC_B), snap(0x86dd, IP6)), "ipv6"],
    ["Token Ring MAC frame", concat(b(0x10, 0x00, ...MAC_A, ...MAC_B), snap(0x0800, IP)), "other"],
    [
      "Token Ring reserved frame type",
      concat(b(0x10, 0x80, ...MAC_A, ...MAC_B), snap(0x0800, IP)),
      "other",
    ],
    [
      "Token Ring source-routed, 6-byte route",
      concat(
        b(0x10, 0x40, ...MAC_A, 0x80 | MAC_B[0]!, ...MAC_B.slice(1), 6, 0x30, 0, 0x11, 0, 0x22),
        snap(0x0800, IP),
      ),
      "ipv4",
    ],
    [
      "Token Ring source-routed, route length 0",
      concat(
        b(0x10, 0x40, ...MAC_A, 0x80 | MAC_B[0]!, ...MAC_B.slice(1), 0, 0x30),
        snap(0x0800, IP),
      ),
      "other",
    ],
  ]),
  group(138, [
    ["IP over FireWire, IPv4", concat(new Uint8Array(16), b(8, 0), IP), "ipv4"],
    ["IP over FireWire, IPv6", concat(new Uint8Array(16), b(0x86, 0xdd), IP6), "ipv6"],
    ["IP over FireWire, ARP", concat(new Uint8Array(16), b(8, 6), ARP), "arp"],
  ]),
  group(202, [
    ["AX.25 UI frame, IPv4", kiss(0x00, [AX25_DEST, AX25_SRC], b(0x03, 0xcc), IP), "ipv4"],
    ["AX.25 on KISS port 1", kiss(0x10, [AX25_DEST, AX25_SRC], b(0x03, 0xcc), IP), "ipv4"],
    [
      "AX.25 through a digipeater",
      kiss(0x00, [AX25_DEST, AX25_VIA, AX25_RELAY], b(0x03, 0xcc), IP),
      "ipv4",
    ],
    ["AX.25 I frame, IPv4", kiss(0x00, [AX25_DEST, AX25_SRC], b(0x10, 0xcc), IP), "ipv4"],
    ["AX.25 UI frame, ARP", kiss(0x00, [AX25_DEST, AX25_SRC], b(0x03, 0xcd), ARP), "arp"],
    ["AX.25 UI frame, no layer 3", kiss(0x00, [AX25_DEST, AX25_SRC], b(0x03, 0xf0), IP), "other"],
    ["AX.25 supervisory frame", kiss(0x00, [AX25_DEST, AX25_SRC], b(0x01), IP), "other"],
    ["KISS TX delay command", kiss(0x01, [AX25_DEST, AX25_SRC], b(0x03, 0xcc), IP), "other"],
  ]),
  group(122, [
    ["IP over Fibre Channel", concat(new Uint8Array(16), snap(0x0800, IP)), "ipv4"],
    ["IP over Fibre Channel without SNAP", concat(new Uint8Array(16), IP), "other"],
  ]),
];
