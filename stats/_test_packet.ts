/**
 * Test helper: fill a `DecodedPacket` the way the decoder would, from a short description.
 * Only for tests; the real pipeline gets packets from `capture/decode/`.
 */

import { DecodedPacket, L3, L4 } from "../capture/decode/packet.ts";
import { parseAddress } from "../net/ip_format.ts";

export interface PacketSpec {
  /** Timestamp in seconds (fractions allowed); ignored when `tsSec` is given. */
  t?: number;
  tsSec?: number;
  tsNsec?: number;
  src?: string;
  dst?: string;
  proto?: "tcp" | "udp" | "icmp" | "icmpv6" | number;
  sport?: number;
  dport?: number;
  len?: number;
  caplen?: number;
  flags?: number;
  l3?: L3;
  etherType?: number;
  linkType?: number;
  vlanCount?: number;
  arpOp?: number;
  icmpType?: number;
  icmpCode?: number;
  fragOffset?: number;
  error?: number;
}

const PROTO_NUMBERS = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58 } as const;
const L4_BY_PROTO: Record<number, L4> = { 6: L4.tcp, 17: L4.udp, 1: L4.icmp, 58: L4.icmpv6 };

/** Reset `p` and fill it from `spec`; returns `p` so one object can be reused like the decoder. */
export function fillPacket(p: DecodedPacket, spec: PacketSpec): DecodedPacket {
  p.reset();
  const t = spec.t ?? 0;
  p.tsSec = spec.tsSec ?? Math.floor(t);
  p.tsNsec = spec.tsNsec ?? Math.round((t - Math.floor(t)) * 1e9);
  p.wireLen = spec.len ?? 60;
  p.caplen = spec.caplen ?? p.wireLen;
  p.truncated = p.caplen < p.wireLen;
  p.linkType = spec.linkType ?? 1;
  p.hasMac = true;
  p.vlanCount = spec.vlanCount ?? 0;
  if (p.vlanCount > 0) p.encapsulation |= p.vlanCount > 1 ? 3 : 1;
  p.error = (spec.error ?? 0) as DecodedPacket["error"];
  const src = spec.src === undefined ? null : parseAddress(spec.src);
  const dst = spec.dst === undefined ? null : parseAddress(spec.dst);
  if (spec.l3 === L3.arp) {
    p.l3 = L3.arp;
    p.etherType = spec.etherType ?? 0x0806;
    p.arpOp = spec.arpOp ?? 1;
  } else if (src !== null && dst !== null) {
    p.l3 = src.len === 4 ? L3.ipv4 : L3.ipv6;
    p.etherType = src.len === 4 ? 0x0800 : 0x86dd;
    const proto = spec.proto ?? "udp";
    p.ipProto = typeof proto === "number" ? proto : PROTO_NUMBERS[proto];
    p.l4 = L4_BY_PROTO[p.ipProto] ?? L4.other;
  } else {
    p.l3 = spec.l3 ?? L3.other;
    p.etherType = spec.etherType ?? -1;
  }
  if (src !== null && dst !== null) {
    p.addrLen = src.len;
    p.src.set(src.bytes);
    p.dst.set(dst.bytes);
  }
  if (spec.fragOffset !== undefined) {
    p.isFragment = true;
    p.fragOffset = spec.fragOffset;
  }
  const hasPorts = (p.l4 === L4.tcp || p.l4 === L4.udp) && p.fragOffset === 0;
  if (hasPorts) {
    p.srcPort = spec.sport ?? 40000;
    p.dstPort = spec.dport ?? 53;
  }
  if (p.l4 === L4.tcp && hasPorts) {
    p.tcpFlags = spec.flags ?? 0x10;
    p.tcpSeq = 1000;
    p.tcpAck = 0;
    p.tcpWindow = 1024;
  }
  if (p.l4 === L4.icmp || p.l4 === L4.icmpv6) {
    p.icmpType = spec.icmpType ?? 8;
    p.icmpCode = spec.icmpCode ?? 0;
  }
  return p;
}

/** A fresh packet filled from `spec`. */
export function makePacket(spec: PacketSpec): DecodedPacket {
  return fillPacket(new DecodedPacket(), spec);
}
