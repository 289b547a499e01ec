/**
 * The packet and conversation filter box: a few tcpdump-like words the server can apply
 * (`ip`/`host ADDR`, `port N`, a protocol name) plus free text matched against what the row
 * shows. "udp port 53", "host 10.0.0.1", "tcp 443", "dns" and "SYN" all work.
 */

import type { PacketRecord } from "../../stats/recent_packets.ts";

/** Protocol words the server's `protocol` parameter understands (stats/traffic_filter.ts). */
const PROTOCOLS = new Set([
  "ip",
  "ipv4",
  "ipv6",
  "arp",
  "tcp",
  "udp",
  "icmp",
  "icmpv6",
  "igmp",
  "gre",
  "esp",
  "ah",
  "sctp",
  "ospf",
  "pim",
  "vrrp",
]);
const MAX_PORT = 65_535;

export interface DisplayFilter {
  ip?: string;
  port?: number;
  protocol?: string;
  /** Lowercased words that must all appear in the row's text. */
  words: string[];
}

/** Looks like an IPv4 address or contains a colon as IPv6 does. */
function looksLikeAddress(word: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(word) ||
    (/^[0-9a-f:.]+$/i.test(word) && word.includes(":"));
}

/** Parse the box's text; never throws (unknown words become free text). */
export function parseDisplayFilter(text: string): DisplayFilter {
  const tokens = text.trim().toLowerCase().split(/\s+/).filter((t) => t !== "");
  const filter: DisplayFilter = { words: [] };
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!;
    const next = tokens[i + 1];
    if ((word === "ip" || word === "host") && next !== undefined && looksLikeAddress(next)) {
      filter.ip = next;
      i++;
    } else if (word === "port" && next !== undefined && isPort(next)) {
      filter.port = Number(next);
      i++;
    } else if (looksLikeAddress(word) && filter.ip === undefined) {
      filter.ip = word;
    } else if (isPort(word) && filter.port === undefined) {
      filter.port = Number(word);
    } else if (PROTOCOLS.has(word) && filter.protocol === undefined) {
      filter.protocol = word;
    } else if (word !== "and" && word !== "&&") {
      filter.words.push(word);
    }
  }
  return filter;
}

function isPort(word: string): boolean {
  return /^\d{1,5}$/.test(word) && Number(word) <= MAX_PORT;
}

/** True when the filter narrows nothing. */
export function isEmptyFilter(f: DisplayFilter): boolean {
  return f.ip === undefined && f.port === undefined && f.protocol === undefined &&
    f.words.length === 0;
}

/** The filter's server-side part as query parameters (`ip`, `port`, `protocol`). */
export function filterParams(f: DisplayFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (f.ip !== undefined) params.set("ip", f.ip);
  if (f.port !== undefined) params.set("port", String(f.port));
  if (f.protocol !== undefined) params.set("protocol", f.protocol);
  return params;
}

/** Whether every free-text word occurs in `text` (already lowercased by the caller or not). */
export function matchesWords(f: DisplayFilter, text: string): boolean {
  if (f.words.length === 0) return true;
  const haystack = text.toLowerCase();
  return f.words.every((w) => haystack.includes(w));
}

/** The text a packet row shows, for free-text matching. */
export function packetText(p: PacketRecord): string {
  return `${p.src} ${p.dst} ${p.srcPort ?? ""} ${p.dstPort ?? ""} ${p.protocol} ${p.info}`;
}
