/**
 * IP protocol numbers (the IPv4 Protocol and IPv6 Next Header values of the IANA "Assigned
 * Internet Protocol Numbers" registry), their names, and the transport class each one gives.
 */
import { L4 } from "./packet.ts";

/** The protocol numbers the decoder acts on. */
export const IpProto = {
  /** IPv6 Hop-by-Hop Options (RFC 8200 section 4.3). */
  hopByHop: 0,
  icmp: 1,
  igmp: 2,
  /** IPv4 in IP (RFC 2003). */
  ipip: 4,
  tcp: 6,
  udp: 17,
  /** IPv6 in IP, e.g. a 6in4 tunnel (RFC 4213). */
  ipv6: 41,
  /** IPv6 Routing header (RFC 8200 section 4.4). */
  routing: 43,
  /** IPv6 Fragment header (RFC 8200 section 4.5). */
  fragment: 44,
  gre: 47,
  esp: 50,
  ah: 51,
  icmpv6: 58,
  /** IPv6 No Next Header (RFC 8200 section 4.7). */
  noNextHeader: 59,
  /** IPv6 Destination Options (RFC 8200 section 4.6). */
  destinationOptions: 60,
  sctp: 132,
  /** Shim6 (RFC 5533), an extension header in the IPv6 sense (RFC 7045). */
  shim6: 140,
} as const;

/** Lower-case names in the spirit of IANA's keywords, for the protocols a user meets. */
const NAMES: ReadonlyMap<number, string> = new Map([
  [0, "hopopt"],
  [1, "icmp"],
  [2, "igmp"],
  [4, "ipip"],
  [6, "tcp"],
  [8, "egp"],
  [17, "udp"],
  [27, "rdp"],
  [41, "ipv6"],
  [43, "ipv6-route"],
  [44, "ipv6-frag"],
  [46, "rsvp"],
  [47, "gre"],
  [50, "esp"],
  [51, "ah"],
  [58, "icmpv6"],
  [59, "ipv6-nonxt"],
  [60, "ipv6-opts"],
  [88, "eigrp"],
  [89, "ospf"],
  [94, "ipip-ka9q"],
  [97, "etherip"],
  [98, "encap"],
  [103, "pim"],
  [108, "ipcomp"],
  [112, "vrrp"],
  [115, "l2tp"],
  [132, "sctp"],
  [135, "mobility"],
  [136, "udplite"],
  [137, "mpls-in-ip"],
  [139, "hip"],
  [140, "shim6"],
  [143, "ethernet"],
]);

/** The name of an IP protocol number ("tcp", "gre", "ipv6"...), or `undefined` if unnamed. */
export function ipProtoName(proto: number): string | undefined {
  return NAMES.get(proto);
}

/**
 * The transport class of a protocol number. Only the number decides (so ICMP inside IPv6 is
 * still `icmp`), as in `outer_l4` of the shared captures' README.
 */
export function l4For(proto: number): L4 {
  switch (proto) {
    case IpProto.tcp:
      return L4.tcp;
    case IpProto.udp:
      return L4.udp;
    case IpProto.icmp:
      return L4.icmp;
    case IpProto.icmpv6:
      return L4.icmpv6;
    default:
      return L4.other;
  }
}
