/**
 * Turns what the decoders found (offsets into packet or reassembly bytes) into `NameEvent`s,
 * or, for DNS given a `DnsSink`, into counts without an event. This is the one place where the
 * inspector makes strings, and it runs only for packets that carry a name.
 */
import type { DecodedPacket } from "../decode/packet.ts";
import type { DnsAnswerEvent, DnsProto, DnsQueryEvent, FlowRef, NameEvent } from "./name_event.ts";
import type { EventQueue } from "./event_queue.ts";
import { flowRefOf } from "./flow_ref.ts";
import { DnsCursor, MAX_ANSWERS } from "./dns_cursor.ts";
import type { DnsSink } from "./dns_sink.ts";
import type { DnsSummaryRing } from "../dns_summary_ring.ts";
import { addressText } from "./ip_text.ts";
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
  #sink: DnsSink | null = null;
  /** Where each packet's first DNS message is summarised for the packet list, if anywhere. */
  summaries: DnsSummaryRing | null = null;
  /**
   * What `#readAnswers()` read from the last response: for a sink, its addresses in a reused
   * array (`#addressCount` of them; the cursor reads at most `MAX_ANSWERS` records)...
   */
  readonly #addresses: string[] = new Array<string>(MAX_ANSWERS).fill("");
  #addressCount = 0;
  /** ...for an event, in a new array the event keeps. */
  #addressTexts: string[] = [];
  #cnames: string[] | null = null;
  #type = -1;
  #ttl = -1;

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
   * Count DNS messages into `sink` from now on instead of reporting them as events; `null`
   * goes back to events.
   */
  countDnsInto(sink: DnsSink | null): void {
    this.#sink = sink;
  }

  /**
   * One `dns-query` per question of a query, or one `dns-answer` for a response; with a sink,
   * the same counted without an event. Walks the message in place: a repeated query or answer
   * costs cached strings only.
   */
  dns(data: DataView, start: number, end: number, p: DecodedPacket, tcp: boolean): void {
    // A message quoted by an ICMP error is not what the packet is (tshark's Info says ICMP).
    if (this.summaries !== null && !this.quoted) this.summaries.write(data, start, end);
    const c = this.#cursor;
    if (!c.open(data, start, end)) return;
    const sink = this.#sink;
    if (!c.response) {
      if (sink !== null) {
        while (c.nextQuestion()) sink.query(c.name);
        return;
      }
      const transport = tcp ? "tcp" : "udp";
      const proto = dnsProtoOf(p.srcPort, p.dstPort);
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
    const name = this.#readAnswers(c, sink === null);
    if (name === null) return;
    if (sink !== null) {
      sink.response(name, c.rcode, this.#ttl, this.#addresses, this.#addressCount);
      return;
    }
    const event: DnsAnswerEvent = {
      kind: "dns-answer",
      name,
      type: this.#type,
      rcode: c.rcode,
      addresses: this.#addressTexts,
      ttl: this.#ttl,
      transport: tcp ? "tcp" : "udp",
      proto: dnsProtoOf(p.srcPort, p.dstPort),
      flow: this.#flow(p),
    };
    if (this.#cnames !== null) event.cnames = this.#cnames;
    this.#push(event);
  }

  /**
   * Walk a response's question and answer records into `#type` and `#ttl`, and its addresses
   * into `#addresses` or, with `texts`, new `#addressTexts` and `#cnames` arrays; return its
   * name, or null when it has none (neither a question nor a readable first record).
   */
  #readAnswers(c: DnsCursor, texts: boolean): string | null {
    let name: string | null = null;
    this.#type = -1;
    if (c.nextQuestion()) {
      name = c.name;
      this.#type = c.type;
    }
    const list = this.#addresses;
    let count = 0;
    if (texts) {
      this.#addressTexts = [];
      this.#cnames = null;
    }
    let ttl = -1;
    for (let i = 0; c.nextAnswer(); i++) {
      // An mDNS announcement has no question: its first record names it.
      if (i === 0 && name === null) {
        name = c.answerName();
        this.#type = c.type;
      }
      if (ttl < 0 || c.ttl < ttl) ttl = c.ttl;
      const len = c.addressLength();
      if (len !== 0) {
        const address = addressText(c.view, c.rdata, len);
        if (texts) this.#addressTexts.push(address);
        else list[count++] = address;
        continue;
      }
      if (!texts) continue;
      const target = c.cnameText();
      if (target !== null) (this.#cnames ??= []).push(target);
    }
    this.#ttl = ttl;
    this.#addressCount = count;
    return name;
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
