/**
 * Names carried over TCP: the TLS ClientHello's SNI on any port, HTTP/1.x request heads, and
 * DNS over TCP (RFC 1035 section 4.2.2: messages prefixed by a 2-byte length). A first flight
 * cut over several segments is reassembled in a bounded per-direction buffer; a retransmitted
 * segment is not read twice (tshark does not dissect it again either).
 *
 * An ordinary data segment costs a few byte compares: payload present, port 53, then the first
 * bytes of a ClientHello record or of a known HTTP method. Only then is the flow looked up.
 */
import type { DecodedPacket } from "../decode/packet.ts";
import type { InspectLimits } from "./limits.ts";
import { TcpFlowTable } from "./tcp_flows.ts";
import { DNS_PORT, MDNS_PORT, type NameEmitter } from "./name_emitter.ts";
import { HelloScan, scanClientHelloRecords, startsClientHello } from "./tls_records.ts";
import { HelloParse } from "./tls_client_hello.ts";
import { HttpHead, HttpParse, parseHttpRequest, requestMethodLength } from "./http_request.ts";
import { DNS_HEADER_LEN } from "./dns_message.ts";

/** What a flow direction's buffer is gathering. */
const Gather = { none: 0, tls: 1, http: 2, dns: 3 } as const;
/**
 * TCP ports whose own protocol tshark dissects before trying HTTP: SSH, FTP, Telnet, SMTP,
 * POP3, IMAP, submission, and TLS on 443. An HTTP-looking request sent there is not HTTP to
 * tshark (nsec_tcp_http_to_ssh.pcap has one on port 22), and not to us.
 */
const NON_HTTP_PORTS: ReadonlySet<number> = new Set([21, 22, 23, 25, 110, 143, 443, 587]);
/**
 * Requests read from one segment: pipelined heads without bodies (RFC 9112 section 9.3.2).
 * Browsers do not pipeline; 8 leaves room for tools that do.
 */
const MAX_REQUESTS_PER_SEGMENT = 8;
/** DNS over TCP length prefix (RFC 1035 section 4.2.2). */
const DNS_LENGTH_PREFIX = 2;
const SEQ_MODULO = 0x1_0000_0000;

/** Outcome of appending a segment to a reassembly buffer. */
const Append = { appended: 0, nothingNew: 1, abandoned: 2 } as const;
type Append = typeof Append[keyof typeof Append];

export class TcpNames {
  readonly flows: TcpFlowTable;
  readonly #emit: NameEmitter;
  readonly #scan = new HelloScan();
  readonly #head = new HttpHead();

  constructor(limits: InspectLimits, emit: NameEmitter) {
    this.flows = new TcpFlowTable(
      limits.maxTcpFlows,
      limits.maxTcpBufferBytes,
      limits.maxTcpBufferedBytes,
      limits.tcpIdleSeconds,
    );
    this.#emit = emit;
  }

  /** Look at one TCP segment whose header `p` describes, its bytes in `data`. */
  segment(p: DecodedPacket, data: DataView, now: number): void {
    const len = p.payloadCaptured;
    if (len <= 0 || p.tcpSeq < 0) return;
    const start = p.payloadOffset;
    const end = start + len;
    if (isDnsTcpPort(p.srcPort) || isDnsTcpPort(p.dstPort)) {
      this.#dnsSegment(p, data, start, end, now);
      return;
    }
    const flows = this.flows;
    let slot = -1;
    if (flows.hasBuffer(p.srcPort)) {
      slot = flows.find(p, now);
      if (slot >= 0 && flows.kind[slot] !== Gather.none) {
        this.#continue(slot, p, data, start, end);
        return;
      }
    }
    const tls = startsClientHello(data, start, end);
    if (!tls && !this.#isHttpStart(p, data, start, end)) return;
    if (slot < 0) slot = flows.acquire(p, now);
    if (this.#isRetransmission(slot, p.tcpSeq)) return;
    flows.nextSeq[slot] = (p.tcpSeq + len) % SEQ_MODULO;
    if (tls) this.#tls(slot, p, data, start, end);
    else this.#http(slot, p, data, start, end);
  }

  #isHttpStart(p: DecodedPacket, data: DataView, start: number, end: number): boolean {
    return requestMethodLength(data, start, end) > 0 && !NON_HTTP_PORTS.has(p.dstPort) &&
      !NON_HTTP_PORTS.has(p.srcPort);
  }

  /** Whether `seq` lies before what this direction already delivered. */
  #isRetransmission(slot: number, seq: number): boolean {
    const next = this.flows.nextSeq[slot]!;
    return next >= 0 && ((seq - next) | 0) < 0;
  }

  #tls(slot: number, p: DecodedPacket, data: DataView, start: number, end: number): void {
    const scan = this.#scan;
    const status = scanClientHelloRecords(data, start, end, scan);
    if (status === HelloParse.complete) {
      if (scan.sniStart >= 0) this.#emit.tlsSni(scan.view, scan.sniStart, scan.sniEnd, p);
    } else if (status === HelloParse.incomplete) {
      this.#startBuffer(slot, Gather.tls, data, start, end);
    }
  }

  #http(slot: number, p: DecodedPacket, data: DataView, start: number, end: number): void {
    const head = this.#head;
    let at = start;
    for (let i = 0; i < MAX_REQUESTS_PER_SEGMENT && at < end; i++) {
      const status = parseHttpRequest(data, at, end, head);
      if (status === HttpParse.incomplete) {
        this.#startBuffer(slot, Gather.http, data, at, end);
        return;
      }
      if (status !== HttpParse.complete) return;
      this.#emit.httpHost(data, at, head, p);
      // A body follows: its bytes are not requests (and a bodiless request ends at its head).
      if (head.contentLength > 0) return;
      at = head.headEnd;
    }
  }

  #startBuffer(slot: number, kind: number, data: DataView, start: number, end: number): void {
    const flows = this.flows;
    const buf = flows.buffer(slot);
    if (buf === null || end - start > buf.length) {
      flows.releaseBuffer(slot);
      return;
    }
    for (let i = start; i < end; i++) buf[i - start] = data.getUint8(i);
    flows.bufLen[slot] = end - start;
    flows.kind[slot] = kind;
  }

  /** The next segment of a direction whose first flight is being gathered. */
  #continue(slot: number, p: DecodedPacket, data: DataView, start: number, end: number): void {
    const flows = this.flows;
    if (this.#append(slot, p.tcpSeq, data, start, end) !== Append.appended) return;
    const buf = flows.buffer(slot)!;
    const view = new DataView(buf.buffer, 0, flows.bufLen[slot]);
    const kind = flows.kind[slot];
    flows.releaseBuffer(slot);
    // The buffer's bytes stay valid until it is next taken, which the calls below may do only
    // after reading them (an incomplete result copies the view into the buffer it reads).
    if (kind === Gather.tls) this.#tls(slot, p, view, 0, view.byteLength);
    else this.#http(slot, p, view, 0, view.byteLength);
  }

  /**
   * Append the new bytes of a segment to the slot's buffer (which it holds): a retransmitted
   * part is skipped; a gap or an overflow abandons the buffer.
   */
  #append(slot: number, seq: number, data: DataView, start: number, end: number): Append {
    const flows = this.flows;
    const next = flows.nextSeq[slot]!;
    const ahead = (seq - next) | 0;
    if (ahead > 0) {
      // A segment was lost or arrives out of order: the flight cannot be rebuilt in order.
      flows.releaseBuffer(slot);
      return Append.abandoned;
    }
    const from = start - ahead;
    if (from >= end) return Append.nothingNew;
    const buf = flows.buffer(slot)!;
    const have = flows.bufLen[slot]!;
    if (have + end - from > buf.length) {
      flows.releaseBuffer(slot);
      return Append.abandoned;
    }
    for (let i = from; i < end; i++) buf[have + i - from] = data.getUint8(i);
    flows.bufLen[slot] = have + end - from;
    flows.nextSeq[slot] = (next + end - from) % SEQ_MODULO;
    return Append.appended;
  }

  /** DNS over TCP: every message of both directions, gathered across segments. */
  #dnsSegment(p: DecodedPacket, data: DataView, start: number, end: number, now: number): void {
    const flows = this.flows;
    const slot = flows.acquire(p, now);
    if (flows.nextSeq[slot]! < 0) flows.nextSeq[slot] = p.tcpSeq;
    const buf = flows.buffer(slot);
    if (buf === null) return;
    flows.kind[slot] = Gather.dns;
    let appended = this.#append(slot, p.tcpSeq, data, start, end);
    if (appended === Append.abandoned) {
      // A gap or an overflow: start over from this segment, assuming it begins a message.
      flows.nextSeq[slot] = p.tcpSeq;
      flows.skip[slot] = 0;
      if (flows.buffer(slot) === null) return;
      flows.kind[slot] = Gather.dns;
      appended = this.#append(slot, p.tcpSeq, data, start, end);
    }
    if (appended === Append.appended) this.#dnsMessages(slot, p);
    else if (flows.bufLen[slot] === 0) flows.releaseBuffer(slot);
  }

  #dnsMessages(slot: number, p: DecodedPacket): void {
    const flows = this.flows;
    const buf = flows.buffer(slot)!;
    const view = new DataView(buf.buffer);
    let have = flows.bufLen[slot]!;
    let at = 0;
    const skip = flows.skip[slot]!;
    if (skip > 0) {
      at = Math.min(skip, have);
      flows.skip[slot] = skip - at;
    }
    // Each turn consumes a whole message, or ends the loop.
    while (have - at >= DNS_LENGTH_PREFIX) {
      const msgLen = view.getUint16(at);
      const msgEnd = at + DNS_LENGTH_PREFIX + msgLen;
      if (msgLen < DNS_HEADER_LEN) {
        // Not a DNS message boundary: the capture began mid-stream, or this is not DNS.
        at = have;
        break;
      }
      if (msgEnd <= have) {
        this.#emit.dns(view, at + DNS_LENGTH_PREFIX, msgEnd, p, true);
        at = msgEnd;
        continue;
      }
      if (DNS_LENGTH_PREFIX + msgLen > buf.length) {
        // Longer than the buffer (a zone transfer): read what is there, skip the rest.
        this.#emit.dns(view, at + DNS_LENGTH_PREFIX, have, p, true);
        flows.skip[slot] = msgEnd - have;
        at = have;
      }
      break;
    }
    buf.copyWithin(0, at, have);
    have -= at;
    flows.bufLen[slot] = have;
    if (have === 0) flows.releaseBuffer(slot);
    else flows.kind[slot] = Gather.dns;
  }
}

/** DNS (53) and, as tshark registers it, mDNS's port (5353) over TCP. */
function isDnsTcpPort(port: number): boolean {
  return port === DNS_PORT || port === MDNS_PORT;
}
