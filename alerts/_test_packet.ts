/**
 * A reusable `ObservedPacket` for detector tests, filled from a short description, as the
 * decoder overwrites its one packet per frame (tests never import the decoder from here).
 */
import { parseAddress } from "../net/ip_format.ts";
import { L3, L4, type L4Class, type ObservedPacket } from "../stats/packet_observer.ts";

export interface Spec {
  /** Seconds since the epoch (fractions allowed). */
  t: number;
  src: string;
  dst: string;
  proto: "tcp" | "udp" | "icmp" | "icmpv6";
  sport?: number;
  dport?: number;
  flags?: number;
  icmpType?: number;
  len?: number;
  payload?: number;
}

export function newPacket(): ObservedPacket {
  return {
    tsSec: 0,
    tsNsec: 0,
    wireLen: 0,
    l3: L3.none,
    l4: L4.none,
    ipProto: -1,
    addrLen: 0,
    src: new Uint8Array(16),
    dst: new Uint8Array(16),
    srcPort: -1,
    dstPort: -1,
    tcpFlags: -1,
    icmpType: -1,
    payloadLength: 0,
  };
}

const PROTO: Record<Spec["proto"], readonly [number, L4Class]> = {
  tcp: [6, L4.tcp],
  udp: [17, L4.udp],
  icmp: [1, L4.icmp],
  icmpv6: [58, L4.icmpv6],
};

export function fill(p: ObservedPacket, s: Spec): ObservedPacket {
  const src = parseAddress(s.src)!;
  const dst = parseAddress(s.dst)!;
  p.tsSec = Math.floor(s.t);
  p.tsNsec = Math.round((s.t - p.tsSec) * 1e9);
  p.wireLen = s.len ?? 60;
  p.l3 = src.len === 4 ? L3.ipv4 : L3.ipv6;
  p.addrLen = src.len;
  p.src.set(src.bytes);
  p.dst.set(dst.bytes);
  const [ipProto, l4] = PROTO[s.proto];
  p.ipProto = ipProto;
  p.l4 = l4;
  const ports = s.proto === "tcp" || s.proto === "udp";
  p.srcPort = ports ? s.sport ?? 40000 : -1;
  p.dstPort = ports ? s.dport ?? 80 : -1;
  p.tcpFlags = s.proto === "tcp" ? s.flags ?? 0x02 : -1;
  p.icmpType = ports ? -1 : s.icmpType ?? 8;
  p.payloadLength = s.payload ?? 0;
  return p;
}
