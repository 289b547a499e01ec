/**
 * Names for the numbers the decoder reports: IP protocol numbers (IANA "Assigned Internet
 * Protocol Numbers"), ethertypes (IEEE 802 registry), link types (tcpdump.org LINKTYPE list) and
 * ICMP/ICMPv6 message types (RFC 792, RFC 4443, RFC 4861). Compact tables of what is common on
 * real links; anything else is shown by number.
 */

const IP_PROTOCOLS: ReadonlyMap<number, string> = new Map([
  [0, "HOPOPT"],
  [1, "ICMP"],
  [2, "IGMP"],
  [4, "IPIP"],
  [6, "TCP"],
  [17, "UDP"],
  [41, "IPv6"],
  [46, "RSVP"],
  [47, "GRE"],
  [50, "ESP"],
  [51, "AH"],
  [58, "ICMPv6"],
  [88, "EIGRP"],
  [89, "OSPF"],
  [103, "PIM"],
  [112, "VRRP"],
  [115, "L2TP"],
  [132, "SCTP"],
  [136, "UDPLite"],
  [137, "MPLS-in-IP"],
]);

const PROTOCOL_NUMBERS: ReadonlyMap<string, number> = new Map(
  [...IP_PROTOCOLS].map(([n, name]) => [name.toLowerCase(), n]),
);

/** Display name of IP protocol `n` ("TCP", "GRE"...), or "IP proto N" when not in the table. */
export function ipProtocolName(n: number): string {
  if (n < 0) return "unknown";
  return IP_PROTOCOLS.get(n) ?? `IP proto ${n}`;
}

/** The protocol number for a name from `ipProtocolName()` (any case), or -1. */
export function ipProtocolNumber(name: string): number {
  return PROTOCOL_NUMBERS.get(name.toLowerCase()) ?? -1;
}

const ETHER_TYPES: ReadonlyMap<number, string> = new Map([
  [0x0800, "IPv4"],
  [0x0806, "ARP"],
  [0x0842, "Wake-on-LAN"],
  [0x22f0, "AVTP"],
  [0x22f3, "TRILL"],
  [0x8035, "RARP"],
  [0x809b, "AppleTalk"],
  [0x80f3, "AARP"],
  [0x8100, "802.1Q"],
  [0x8137, "IPX"],
  [0x86dd, "IPv6"],
  [0x8808, "Ethernet flow control"],
  [0x8809, "Slow protocols (LACP)"],
  [0x8847, "MPLS"],
  [0x8848, "MPLS multicast"],
  [0x8863, "PPPoE discovery"],
  [0x8864, "PPPoE session"],
  [0x887b, "HomePlug"],
  [0x888e, "EAPOL"],
  [0x8892, "PROFINET"],
  [0x889a, "HyperSCSI"],
  [0x88a4, "EtherCAT"],
  [0x88a8, "802.1ad"],
  [0x88b8, "GOOSE"],
  [0x88cc, "LLDP"],
  [0x88e1, "HomePlug AV"],
  [0x88e5, "MACsec"],
  [0x88f7, "PTP"],
  [0x8902, "CFM"],
  [0x8906, "FCoE"],
  [0x8914, "FIP"],
  [0x893a, "IEEE 1905.1"],
  [0x9000, "Loopback"],
]);

/** Name of an ethertype ("IPv4", "LLDP"...), or its hex form "0x88b5". -1 means no ethertype. */
export function etherTypeName(t: number): string {
  if (t < 0) return "none";
  return ETHER_TYPES.get(t) ?? "0x" + t.toString(16).padStart(4, "0");
}

/** Short protocol-hierarchy names of link types, as tshark's `-z io,phs` tree starts them. */
const LINK_TYPES: ReadonlyMap<number, string> = new Map([
  [0, "null"],
  [1, "eth"],
  [12, "raw"],
  [14, "raw"],
  [101, "raw"],
  [105, "wlan"],
  [108, "loop"],
  [113, "sll"],
  [127, "radiotap"],
  [228, "raw"],
  [229, "raw"],
  [276, "sll2"],
]);

/** Hierarchy name of link type `dlt` ("eth", "sll2"...), or "link N" when unknown. */
export function linkTypeName(dlt: number): string {
  return LINK_TYPES.get(dlt) ?? `link ${dlt}`;
}

const ICMP_TYPES: ReadonlyMap<number, string> = new Map([
  [0, "echo reply"],
  [3, "destination unreachable"],
  [4, "source quench"],
  [5, "redirect"],
  [8, "echo request"],
  [9, "router advertisement"],
  [10, "router solicitation"],
  [11, "time exceeded"],
  [12, "parameter problem"],
  [13, "timestamp request"],
  [14, "timestamp reply"],
]);

const ICMPV6_TYPES: ReadonlyMap<number, string> = new Map([
  [1, "destination unreachable"],
  [2, "packet too big"],
  [3, "time exceeded"],
  [4, "parameter problem"],
  [128, "echo request"],
  [129, "echo reply"],
  [130, "multicast listener query"],
  [131, "multicast listener report"],
  [132, "multicast listener done"],
  [133, "router solicitation"],
  [134, "router advertisement"],
  [135, "neighbor solicitation"],
  [136, "neighbor advertisement"],
  [137, "redirect"],
  [143, "multicast listener report v2"],
]);

/** Name of an ICMP (`v6` false) or ICMPv6 message type, or "type N". */
export function icmpTypeName(type: number, v6: boolean): string {
  return (v6 ? ICMPV6_TYPES : ICMP_TYPES).get(type) ?? `type ${type}`;
}
