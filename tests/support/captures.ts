/**
 * The shared corpus of real captures and tshark's ground truth for each
 * (`../shared/captures/README.md` defines every field).
 */

/** The corpus folder: `WIRESCOPE_CAPTURES` if set, else `shared/captures` beside the repo. */
export const CAPTURES_DIR = Deno.env.get("WIRESCOPE_CAPTURES") ??
  new URL("../../../shared/captures/", import.meta.url).pathname;

/** The subset of expected/<name>.json the tests compare. */
export interface Expected {
  file: string;
  packets: number;
  bytes: number;
  header: { dlt_name: string | string[]; format: string };
  outer_l3: { ipv4: number; ipv6: number; arp: number; other: number };
  outer_l4: { tcp: number; udp: number; icmp: number; icmpv6: number; other: number };
  top_src_ips: { ip: string; packets: number; bytes: number }[];
  top_src_ips_tie_at_10: boolean;
  distinct_src_ips: number;
  outer_5tuples: { tcp: number; udp: number };
  first_ts: string | null;
  last_ts: string | null;
  /** Every dns.qry.name in query frames (mDNS, LLMNR, tunnels, ICMP quotes included). */
  dns_query_name_counts: Record<string, number>;
  /** Every TLS SNI tshark shows, QUIC Initials included. */
  tls_sni_counts: Record<string, number>;
  /** The subset of `tls_sni_counts` names seen in QUIC. */
  tls_sni_quic: string[];
  /** Every http.host value (SSDP included). */
  http_host_counts: Record<string, number>;
}

export function captureNames(): string[] {
  return [...Deno.readDirSync(CAPTURES_DIR)]
    .filter((e) => e.isFile && /\.(pcap|pcapng|cap)$/.test(e.name))
    .map((e) => e.name)
    .sort();
}

export function capturePath(name: string): string {
  return `${CAPTURES_DIR}${name}`;
}

export function expectedFor(name: string): Expected {
  return JSON.parse(Deno.readTextFileSync(`${CAPTURES_DIR}expected/${name}.json`));
}
