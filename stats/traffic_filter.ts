/**
 * The ip / port / protocol filter shared by the flow and recent-packet queries, parsed once per
 * query into numbers so matching compares bytes and integers, not strings.
 */

import { L3 } from "../capture/decode/packet.ts";
import { parseAddress } from "../net/ip_format.ts";
import { ipProtocolNumber } from "./protocol_names.ts";
import { QueryError } from "./query_error.ts";

/** A filter as the API receives it; every field is optional and they combine with AND. */
export interface TrafficFilter {
  /** Either endpoint's address, IPv4 or IPv6 text in any valid form. */
  ip?: string;
  /** Either endpoint's port. */
  port?: number;
  /**
   * "ipv4"/"ip", "ipv6", "arp", or an IP protocol by name ("tcp", "udp", "icmp", "icmpv6",
   * "gre", "esp", "sctp"...) or number ("47"). Case does not matter.
   */
  protocol?: string;
}

/** A parsed filter. -1 and null mean "any". */
export interface CompiledFilter {
  addr: Uint8Array | null;
  addrLen: number;
  port: number;
  /** Required outer L3 class, or -1. */
  l3: number;
  /** Required IP protocol number, or -1. */
  ipProto: number;
}

const MAX_PORT = 65535;
const MAX_IP_PROTO = 255;

/** Parse a filter. Throws RangeError for an address, port or protocol that cannot match. */
export function compileFilter(filter: TrafficFilter = {}): CompiledFilter {
  const out: CompiledFilter = { addr: null, addrLen: 0, port: -1, l3: -1, ipProto: -1 };
  if (filter.ip !== undefined && filter.ip !== "") {
    const a = parseAddress(filter.ip.trim());
    if (a === null) {
      throw new QueryError(`Cannot filter by ip "${filter.ip}": not an IPv4 or IPv6 address`);
    }
    out.addr = a.bytes;
    out.addrLen = a.len;
  }
  if (filter.port !== undefined) {
    if (!Number.isInteger(filter.port) || filter.port < 0 || filter.port > MAX_PORT) {
      throw new QueryError(`Cannot filter by port ${filter.port}: must be an integer 0-65535`);
    }
    out.port = filter.port;
  }
  if (filter.protocol !== undefined && filter.protocol !== "") {
    const name = filter.protocol.trim().toLowerCase();
    if (name === "ip" || name === "ipv4") out.l3 = L3.ipv4;
    else if (name === "ipv6") out.l3 = L3.ipv6;
    else if (name === "arp") out.l3 = L3.arp;
    else if (/^\d+$/.test(name) && Number(name) <= MAX_IP_PROTO) out.ipProto = Number(name);
    else if (ipProtocolNumber(name) >= 0) out.ipProto = ipProtocolNumber(name);
    else {
      throw new QueryError(`Cannot filter by protocol "${filter.protocol}": unknown protocol`);
    }
  }
  return out;
}

/** True when the filter has no condition. */
export function isEmptyFilter(f: CompiledFilter): boolean {
  return f.addr === null && f.port < 0 && f.l3 < 0 && f.ipProto < 0;
}

/** True when the `len`-byte address at `offset` of `bytes` is the filter's address. */
export function addressMatches(f: CompiledFilter, bytes: Uint8Array, offset: number, len: number) {
  const want = f.addr;
  if (want === null) return true;
  if (len !== f.addrLen) return false;
  for (let i = 0; i < len; i++) if (bytes[offset + i] !== want[i]) return false;
  return true;
}
