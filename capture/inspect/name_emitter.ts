/**
 * Turns what the decoders found (offsets into packet or reassembly bytes) into `NameEvent`s.
 * This is the one place where the inspector makes strings, and it runs only for packets that
 * carry a name.
 */
import type { DecodedPacket } from "../decode/packet.ts";
import type { DnsAnswerEvent, DnsProto, DnsQueryEvent, FlowRef, NameEvent } from "./name_event.ts";
import type { EventQueue } from "./event_queue.ts";
import { flowRefOf } from "./flow_ref.ts";
import { DnsCursor } from "./dns_cursor.ts";
import { asciiText } from "./ascii_text.ts";
import { type HttpHead, MAX_HTTP_PATH_CHARS } from "./http_request.ts";

/** Well-known ports of the DNS flavours (RFC 6762 section 3 for mDNS, RFC 4795 for LLMNR). */
export const DNS_PORT = 53;
export const MDNS_PORT = 5353;
export const LLMNR_PORT = 5355;

export function dnsProtoOf(sport: number, dport: number): DnsProto {
  if (sport === MDNS_PORT || dport === MDNS_PORT) return "mdns";
  if (sport === LLMNR_PORT || dport === LLMNR_PORT) return "llmnr";
  return "dns";
}

export class NameEmitter {
  /** Set by the inspector while it looks inside a tunnel. */
  tunneled = false;
  /** Set by the inspector while it reads the datagram an ICMP error quotes. */
  quoted = false;
  readonly #queue: EventQueue;
  readonly #cursor = new DnsCursor();

  constructor(queue: EventQueue) {
    this.#queue = queue;
  }

  #flow(p: DecodedPacket): FlowRef {
    return flowRefOf(p, this.tunneled);
  }

  #push(event: NameEvent): void {
    this.#queue.push(event);
  }

  /**
   * One `dns-query` per question of a query, or one `dns-answer` for a response. Walks the
   * message in place: a query costs its question names (cached strings) and the events.
   */
  dns(data: DataView, start: number, end: number, p: DecodedPacket, tcp: boolean): void {
    const c = this.#cursor;
    if (!c.open(data, start, end)) return;
    const transport = tcp ? "tcp" : "udp";
    const proto = dnsProtoOf(p.srcPort, p.dstPort);
    if (!c.response) {
      while (c.nextQuestion()) {
        const event: DnsQueryEvent = {
          kind: "dns-query",
          name: c.name,
          type: c.type,
          transport,
          proto,
          flow: this.#flow(p),
        };
        if (this.quoted) event.quoted = true;
        this.#push(event);
      }
      return;
    }
    // A response quoted by an ICMP error says nothing about names actually resolved.
    if (this.quoted) return;
    let name: string | null = null;
    let type = -1;
    if (c.nextQuestion()) {
      name = c.name;
      type = c.type;
    }
    const addresses: string[] = [];
    let cnames: string[] | null = null;
    let ttl = -1;
    for (let i = 0; c.nextAnswer(); i++) {
      // An mDNS announcement has no question: its first record names it.
      if (i === 0 && name === null) {
        name = c.answerName();
        type = c.type;
      }
      if (ttl < 0 || c.ttl < ttl) ttl = c.ttl;
      const address = c.addressText();
      if (address !== null) {
        addresses.push(address);
        continue;
      }
      const target = c.cnameText();
      if (target !== null) (cnames ??= []).push(target);
    }
    if (name === null) return;
    const event: DnsAnswerEvent = {
      kind: "dns-answer",
      name,
      type,
      rcode: c.rcode,
      addresses,
      ttl,
      transport,
      proto,
      flow: this.#flow(p),
    };
    if (cnames !== null) event.cnames = cnames;
    this.#push(event);
  }

  tlsSni(view: DataView, start: number, end: number, p: DecodedPacket): void {
    this.#push({ kind: "tls-sni", name: asciiText(view, start, end), flow: this.#flow(p) });
  }

  quicSni(view: DataView, start: number, end: number, version: number, p: DecodedPacket): void {
    this.#push({
      kind: "quic-sni",
      name: asciiText(view, start, end),
      version,
      flow: this.#flow(p),
    });
  }

  /** A `http-host` for a parsed request head; nothing when it has no Host header. */
  httpHost(view: DataView, start: number, head: HttpHead, p: DecodedPacket): void {
    if (head.hostStart < 0) return;
    const pathLen = head.targetEnd - head.targetStart;
    this.#push({
      kind: "http-host",
      name: asciiText(view, head.hostStart, head.hostEnd),
      method: asciiText(view, start, head.methodEnd),
      ...(pathLen > 0 && pathLen <= MAX_HTTP_PATH_CHARS
        ? { path: asciiText(view, head.targetStart, head.targetEnd) }
        : {}),
      flow: this.#flow(p),
    });
  }
}
