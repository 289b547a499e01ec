/**
 * What the inspector reports: one plain, JSON-able object per name seen on the wire. Strings are
 * made only here, when a name leaves the hot path.
 */

/** The (inner-most) 5-tuple that carried a name, so that names can be attached to flows. */
export interface FlowRef {
  src: string;
  dst: string;
  /** -1 for a protocol without ports. */
  sport: number;
  dport: number;
  /** IP protocol number: 6 TCP, 17 UDP. */
  proto: number;
  /** True when the packet travelled inside a tunnel (GRE, IP-in-IP, VXLAN). */
  tunneled: boolean;
}

/** DNS flavours told apart by port: classic (53), multicast DNS (5353), LLMNR (5355). */
export type DnsProto = "dns" | "mdns" | "llmnr";

export interface DnsQueryEvent {
  kind: "dns-query";
  /** The question name, dot-separated without the trailing dot; the root is "<Root>". */
  name: string;
  /** QTYPE (RFC 1035 section 3.2.2; 1 A, 28 AAAA, 65 HTTPS...). */
  type: number;
  transport: "udp" | "tcp";
  proto: DnsProto;
  /** True when the query was read from the datagram an ICMP error quotes. */
  quoted?: true;
  flow: FlowRef;
}

export interface DnsAnswerEvent {
  kind: "dns-answer";
  /** The first question's name. */
  name: string;
  /** The first question's QTYPE. */
  type: number;
  /** RCODE (RFC 1035 section 4.1.1; 0 NOERROR, 3 NXDOMAIN). */
  rcode: number;
  /** A and AAAA data of the answer section, in order. */
  addresses: string[];
  /** The smallest TTL of the answer section's records, -1 when it has none. */
  ttl: number;
  /** CNAME targets of the answer section, in order, when there are any. */
  cnames?: string[];
  transport: "udp" | "tcp";
  proto: DnsProto;
  flow: FlowRef;
}

export interface TlsSniEvent {
  kind: "tls-sni";
  name: string;
  flow: FlowRef;
}

export interface QuicSniEvent {
  kind: "quic-sni";
  name: string;
  /** The QUIC version of the Initial packet: 0x00000001 (RFC 9000) or 0x6b3343cf (RFC 9369). */
  version: number;
  flow: FlowRef;
}

export interface HttpHostEvent {
  kind: "http-host";
  /** The Host header's value exactly, port included when present. */
  name: string;
  method: string;
  /** The request target, when it fits `MAX_HTTP_PATH_CHARS`. */
  path?: string;
  flow: FlowRef;
}

export type NameEvent =
  | DnsQueryEvent
  | DnsAnswerEvent
  | TlsSniEvent
  | QuicSniEvent
  | HttpHostEvent;
