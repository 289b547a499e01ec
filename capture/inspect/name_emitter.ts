/**
 * Turns what the decoders found (offsets into packet or reassembly bytes) into `NameEvent`s.
 * This is the one place where the inspector makes strings, and it runs only for packets that
 * carry a name.
 */
import type { DecodedPacket } from "../decode/packet.ts";
import type { DnsAnswerEvent, DnsProto, DnsQueryEvent, FlowRef, NameEvent } from "./name_event.ts";
import type { EventQueue } from "./event_queue.ts";
import { flowRefOf } from "./flow_ref.ts";
import { readDnsMessage } from "./dns_message.ts";
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

  constructor(queue: EventQueue) {
    this.#queue = queue;
  }

  #flow(p: DecodedPacket): FlowRef {
    return flowRefOf(p, this.tunneled);
  }

  #push(event: NameEvent): void {
    this.#queue.push(event);
  }

  /** One `dns-query` per question of a query, or one `dns-answer` for a response. */
  dns(data: DataView, start: number, end: number, p: DecodedPacket, tcp: boolean): void {
    const message = readDnsMessage(data, start, end);
    if (message === null) return;
    const transport = tcp ? "tcp" : "udp";
    const proto = dnsProtoOf(p.srcPort, p.dstPort);
    if (!message.response) {
      for (const q of message.questions) {
        const event: DnsQueryEvent = {
          kind: "dns-query",
          name: q.name,
          type: q.type,
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
    const first = message.questions[0];
    const name = first?.name ?? message.firstAnswerName;
    if (name === null || name === undefined) return;
    const event: DnsAnswerEvent = {
      kind: "dns-answer",
      name,
      type: first?.type ?? message.firstAnswerType,
      rcode: message.rcode,
      addresses: message.addresses,
      ttl: message.ttl,
      transport,
      proto,
      flow: this.#flow(p),
    };
    if (message.cnames.length > 0) event.cnames = message.cnames;
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
