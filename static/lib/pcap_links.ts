/**
 * Where the page's "Download pcap" links point (GET /api/pcap, served only with `--keep`): the
 * last N seconds, everything kept, one flow, one host. A flow's BPF names both hosts, both ports
 * and the protocol, so both directions come and nothing else.
 */

/** The fields of a flow row a BPF needs. */
export interface FlowEnds {
  protocol: string;
  aIp: string;
  bIp: string;
  aPort: number | null;
  bPort: number | null;
}

/** libpcap's keywords for the protocols a flow row names; others are matched by hosts alone. */
const BPF_PROTOCOLS: Readonly<Record<string, string>> = {
  tcp: "tcp",
  udp: "udp",
  sctp: "sctp",
  icmp: "icmp",
  icmpv6: "icmp6",
};

/** `host A and host B and port p and port q and tcp`, as tcpdump would select the flow. */
export function flowBpf(f: FlowEnds): string {
  const parts = [`host ${f.aIp}`, `host ${f.bIp}`];
  const proto = BPF_PROTOCOLS[f.protocol];
  const ported = proto === "tcp" || proto === "udp" || proto === "sctp";
  if (ported && f.aPort !== null && f.bPort !== null) {
    parts.push(`port ${f.aPort}`, `port ${f.bPort}`);
  }
  if (proto !== undefined) parts.push(proto);
  return parts.join(" and ");
}

/** `host A`: everything to and from one address. */
export function hostBpf(ip: string): string {
  return `host ${ip}`;
}

/** The download of what `filter` selects, or of the last `seconds` (everything kept without). */
export function pcapHref(selection: { filter?: string; seconds?: number }): string {
  const params = new URLSearchParams();
  if (selection.seconds !== undefined) params.set("seconds", String(selection.seconds));
  if (selection.filter !== undefined) params.set("filter", selection.filter);
  const query = params.toString();
  return query === "" ? "/api/pcap" : `/api/pcap?${query}`;
}
