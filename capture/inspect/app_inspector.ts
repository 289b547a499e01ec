/**
 * The inspector the capture worker calls after `decodeFrame()`: it looks inside each frame for
 * names (DNS questions and answers, TLS and QUIC SNI, HTTP Host), through tunnels, IP fragments
 * and TCP segments, and queues them as `NameEvent`s; DNS may instead be counted into a
 * `DnsSink`.
 *
 * The decoded packet keeps describing the outer-most headers (counts, talkers and the capture
 * JSON stay on them); inner headers are decoded into a second, reused `DecodedPacket`.
 * A frame that carries no name allocates nothing: every path starts with a cheap reject on
 * ports or first bytes. Nothing here throws to the caller.
 */
import { DecodedPacket, DecodeError, L3 } from "../decode/packet.ts";
import { IpProto } from "../decode/ip_protocols.ts";
import { type InspectLimits, resolveLimits } from "./limits.ts";
import type { NameEvent } from "./name_event.ts";
import type { DnsSink } from "./dns_sink.ts";
import type { DnsSummaryRing } from "../dns_summary_ring.ts";
import { EventQueue } from "./event_queue.ts";
import { DNS_PORT, LLMNR_PORT, MDNS_PORT, NameEmitter } from "./name_emitter.ts";
import { TcpNames } from "./tcp_names.ts";
import { looksLikeDns } from "./dns_message.ts";
import { HttpHead, HttpParse, parseHttpRequest } from "./http_request.ts";
import { MAX_TUNNEL_DEPTH, Tunnels } from "./tunnels.ts";
import { FragmentTable } from "./ip_fragments.ts";
import { QuicInitials } from "./quic_initials.ts";
import { quotedDatagramStart } from "./icmp_quote.ts";

/** SSDP, HTTP over UDP multicast (UPnP Device Architecture 2.0 section 1.1.2). */
const SSDP_PORT = 1900;
const NANOS_PER_SECOND = 1e9;
/**
 * UDP ports whose own protocol tshark dissects before trying its DNS heuristic: DHCP, TFTP,
 * NTP, NetBIOS name and datagram services (whose messages are DNS-shaped: RFC 1002), SNMP,
 * IKE, syslog, RIP, DHCPv6, RADIUS, NAT-PMP and WS-Discovery. A DNS-looking payload there is
 * not DNS, and counting it would add NetBIOS names to the DNS names.
 */
const NON_DNS_UDP_PORTS: ReadonlySet<number> = new Set([
  67,
  68,
  69,
  123,
  137,
  138,
  161,
  162,
  500,
  514,
  520,
  546,
  547,
  1812,
  1813,
  3702,
  4500,
  5351,
]);

export class AppInspector {
  readonly #queue: EventQueue;
  readonly #emit: NameEmitter;
  readonly #tcp: TcpNames;
  readonly #tunnels = new Tunnels();
  readonly #fragments: FragmentTable;
  readonly #quic: QuicInitials;
  readonly #head = new HttpHead();
  #now = 0;
  /** Exceptions caught inside `inspect()`: a decoder bug, never a packet's fault. */
  #faults = 0;

  constructor(limits?: Partial<InspectLimits>) {
    const resolved = resolveLimits(limits);
    this.#queue = new EventQueue(resolved.maxPendingEvents);
    this.#emit = new NameEmitter(this.#queue);
    this.#tcp = new TcpNames(resolved, this.#emit);
    this.#fragments = new FragmentTable(
      resolved.maxFragmentDatagrams,
      resolved.fragmentTimeoutSeconds,
    );
    this.#quic = new QuicInitials(resolved, this.#emit);
  }

  /** Events dropped because more than `maxPendingEvents` waited for `drain()`. */
  get dropped(): number {
    return this.#queue.dropped;
  }

  /** Exceptions caught and swallowed by `inspect()` (expected to stay 0). */
  get faults(): number {
    return this.#faults;
  }

  /**
   * Look inside one decoded frame (tunnels, fragments, DNS/HTTP/TLS/QUIC). `packet` is what
   * `decodeFrame()` made of `data[offset, offset+caplen)`, with its timestamp set: timeouts
   * follow packet time. Allocation-free for frames that carry no name; never throws.
   */
  inspect(packet: DecodedPacket, data: DataView, offset: number, caplen: number): void {
    if (packet.l3 !== L3.ipv4 && packet.l3 !== L3.ipv6) return;
    this.#now = packet.tsSec + packet.tsNsec / NANOS_PER_SECOND;
    let end = offset + caplen;
    if (end > data.byteLength) end = data.byteLength;
    try {
      this.#ip(packet, data, end, 0);
    } catch {
      this.#faults++;
    } finally {
      this.#emit.tunneled = false;
      this.#emit.quoted = false;
    }
  }

  /**
   * Count DNS queries and responses into `sink` instead of queueing `dns-query` and `dns-answer`
   * events (`null` goes back to events). Counted messages make no object and are never dropped:
   * `maxPendingEvents` bounds only the events still queued.
   */
  countDnsInto(sink: DnsSink | null): void {
    this.#emit.countDnsInto(sink);
  }

  /**
   * Summarise each packet's first DNS message into `summaries` for the packet list (the caller
   * sets its `seq` before each `inspect()`); `null` stops.
   */
  summariseDnsInto(summaries: DnsSummaryRing | null): void {
    this.#emit.summaries = summaries;
  }

  /** Events waiting for `drain()`: the worker can skip a drain (and its array) when 0. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Name events found since the last call, oldest first. */
  drain(): NameEvent[] {
    return this.#queue.drain();
  }

  /** The IP packet `p` describes, whose captured bytes end at `end`. */
  #ip(p: DecodedPacket, data: DataView, end: number, depth: number): void {
    if (p.isFragment) {
      const fragments = this.#fragments;
      const whole = fragments.add(p, data, end, this.#now);
      if (whole === null) return;
      const slot = fragments.lastSlot;
      try {
        const inner = this.#tunnels.reassembled(p, whole, fragments.lastProto);
        this.#ip(inner, whole, whole.byteLength, depth + 1);
      } finally {
        fragments.release(slot);
      }
      return;
    }
    switch (p.ipProto) {
      case IpProto.udp:
        this.#udp(p, data, depth);
        return;
      case IpProto.tcp:
        this.#tcp.segment(p, data, this.#now);
        return;
      case IpProto.icmp:
      case IpProto.icmpv6:
        this.#icmp(p, data, depth);
        return;
      case IpProto.gre:
      case IpProto.ipip:
      case IpProto.ipv6:
        this.#tunnel(p, data, depth);
        return;
      case -1:
        // No protocol read: an IPv4 header may have failed on an IPv6 packet behind it.
        if (p.error === DecodeError.badIPv4Header) this.#misfiledIPv6(p, data, end, depth);
    }
  }

  #tunnel(p: DecodedPacket, data: DataView, depth: number): void {
    const inner = this.#tunnels.unwrapIp(p, data, depth);
    if (inner === null) return;
    this.#emit.tunneled = true;
    this.#ip(inner, data, this.#tunnels.innerEnd, depth + 1);
  }

  #udp(p: DecodedPacket, data: DataView, depth: number): void {
    const len = p.payloadCaptured;
    if (len <= 0) return;
    const sport = p.srcPort;
    const dport = p.dstPort;
    const start = p.payloadOffset;
    const end = start + len;
    if (Tunnels.isUdpTunnel(sport, dport)) {
      const inner = this.#tunnels.unwrapUdp(p, data, depth);
      if (inner !== null) {
        this.#emit.tunneled = true;
        this.#ip(inner, data, this.#tunnels.innerEnd, depth + 1);
        return;
      }
    }
    if (isDnsUdpPort(sport) || isDnsUdpPort(dport)) {
      this.#emit.dns(data, start, end, p, false);
      return;
    }
    if (sport === SSDP_PORT || dport === SSDP_PORT) {
      if (parseHttpRequest(data, start, end, this.#head) === HttpParse.complete) {
        this.#emit.httpHost(data, start, this.#head, p);
      }
      return;
    }
    if (this.#quic.datagram(p, data, start, end, this.#now)) return;
    if (NON_DNS_UDP_PORTS.has(sport) || NON_DNS_UDP_PORTS.has(dport)) return;
    if (looksLikeDns(data, start, end, p.payloadLength)) this.#emit.dns(data, start, end, p, false);
  }

  /** An IPv6 packet behind a link layer that announced IPv4: tshark reads it, names too. */
  #misfiledIPv6(p: DecodedPacket, data: DataView, end: number, depth: number): void {
    if (depth >= MAX_TUNNEL_DEPTH) return;
    const inner = this.#tunnels.unwrapMisfiledIPv6(p, data, end);
    if (inner !== null) this.#ip(inner, data, this.#tunnels.innerEnd, depth + 1);
  }

  /** An ICMP error quoting a UDP datagram: tshark dissects (and counts) the DNS inside. */
  #icmp(p: DecodedPacket, data: DataView, depth: number): void {
    const quoted = quotedDatagramStart(p);
    if (quoted < 0 || this.#emit.quoted) return;
    const inner = this.#tunnels.unwrapQuoted(p, data, quoted, depth);
    if (inner === null || inner.ipProto !== IpProto.udp || inner.isFragment) return;
    const len = inner.payloadCaptured;
    if (len <= 0) return;
    if (!isDnsUdpPort(inner.srcPort) && !isDnsUdpPort(inner.dstPort)) return;
    this.#emit.quoted = true;
    this.#emit.dns(data, inner.payloadOffset, inner.payloadOffset + len, inner, false);
    this.#emit.quoted = false;
  }
}

function isDnsUdpPort(port: number): boolean {
  return port === DNS_PORT || port === MDNS_PORT || port === LLMNR_PORT;
}
