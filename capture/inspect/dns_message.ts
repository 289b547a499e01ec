/**
 * DNS messages (RFC 1035 section 4.1): the header, the questions, and the A/AAAA/CNAME data of
 * the answer section. Used for DNS, mDNS (RFC 6762) and LLMNR (RFC 4795), which share the
 * format. Reads stay inside `data[start, end)`; a malformed record ends the walk, keeping what
 * was read before it.
 */
import { dnsNameText, skipDnsName } from "./dns_name.ts";
import { ipv4TextAt, ipv6TextAt } from "./ip_text.ts";

/** ID, flags and the four section counts (RFC 1035 section 4.1.1). */
export const DNS_HEADER_LEN = 12;
/**
 * Questions read per message. Servers answer one question (RFC 9619 makes QDCOUNT > 1 an
 * error); mDNS queries carry several, rarely past a dozen.
 */
export const MAX_QUESTIONS = 32;
/** Answer records read per message: ample for an address set, and bounds the walk. */
export const MAX_ANSWERS = 64;
/** QTYPE + QCLASS after a question name; TYPE, CLASS, TTL and RDLENGTH after a record name. */
const QUESTION_FIXED = 4;
const RECORD_FIXED = 10;
const QR_BIT = 0x8000;
const OPCODE_MASK = 0x7800;
const RCODE_MASK = 0x000f;
const TYPE_A = 1;
const TYPE_CNAME = 5;
const TYPE_AAAA = 28;

/**
 * Section counts beyond which a message on an unregistered port is not taken for DNS. These
 * follow Wireshark's DNS heuristic, so that the inspector finds what tshark finds: a query has
 * exactly one question and nothing else but up to 10 additional records (EDNS, TSIG).
 */
const HEUR_MAX_ANSWERS = 100;
const HEUR_MAX_AUTHORITY = 10;
const HEUR_MAX_ADDITIONAL = 10;
/** Smallest question (root name, type, class) and smallest record, for the length check. */
const MIN_QUESTION_BYTES = 6;
const MIN_RECORD_BYTES = 11;

export interface DnsQuestion {
  name: string;
  type: number;
}

export interface DnsMessage {
  response: boolean;
  rcode: number;
  questions: DnsQuestion[];
  /** A and AAAA data of the answer section, in order. */
  addresses: string[];
  /** CNAME targets of the answer section, in order. */
  cnames: string[];
  /** Smallest TTL of the answer records read; -1 when none was read. */
  ttl: number;
  /** Owner name and type of the first answer (an mDNS announcement has no question). */
  firstAnswerName: string | null;
  firstAnswerType: number;
}

/**
 * Whether the `claimedLen` bytes at `start` look like a standard DNS query or response, for
 * UDP ports where no other protocol is registered. Allocates nothing.
 */
export function looksLikeDns(data: DataView, start: number, end: number, claimedLen: number) {
  if (claimedLen <= DNS_HEADER_LEN || end - start < DNS_HEADER_LEN) return false;
  const flags = data.getUint16(start + 2);
  if ((flags & OPCODE_MASK) !== 0) return false;
  const qd = data.getUint16(start + 4);
  const an = data.getUint16(start + 6);
  const ns = data.getUint16(start + 8);
  const ar = data.getUint16(start + 10);
  if ((flags & QR_BIT) === 0) {
    if (qd !== 1 || an !== 0 || ns !== 0) return false;
  } else if (qd > 1 || an > HEUR_MAX_ANSWERS || ns > HEUR_MAX_AUTHORITY) return false;
  if (ar > HEUR_MAX_ADDITIONAL || qd + an === 0) return false;
  return qd * MIN_QUESTION_BYTES + (an + ns + ar) * MIN_RECORD_BYTES <=
    claimedLen - DNS_HEADER_LEN;
}

/** Whether the message at `start` is a query (QR bit clear). The caller checked the length. */
export function isDnsQuery(data: DataView, start: number): boolean {
  return (data.getUint16(start + 2) & QR_BIT) === 0;
}

/** Read the message `data[start, end)`; `null` when not even the header is there. */
export function readDnsMessage(data: DataView, start: number, end: number): DnsMessage | null {
  if (end - start < DNS_HEADER_LEN) return null;
  const flags = data.getUint16(start + 2);
  const qd = data.getUint16(start + 4);
  const an = data.getUint16(start + 6);
  const message: DnsMessage = {
    response: (flags & QR_BIT) !== 0,
    rcode: flags & RCODE_MASK,
    questions: [],
    addresses: [],
    cnames: [],
    ttl: -1,
    firstAnswerName: null,
    firstAnswerType: -1,
  };
  let p = start + DNS_HEADER_LEN;
  const questions = qd < MAX_QUESTIONS ? qd : MAX_QUESTIONS;
  for (let i = 0; i < questions; i++) {
    const next = skipDnsName(data, start, end, p);
    if (next < 0 || next + QUESTION_FIXED > end) return message;
    const name = dnsNameText(data, start, end, p);
    if (name === null) return message;
    message.questions.push({ name, type: data.getUint16(next) });
    p = next + QUESTION_FIXED;
  }
  // Questions past MAX_QUESTIONS are not read, so the answers cannot be found either.
  if (qd > MAX_QUESTIONS || !message.response) return message;
  const answers = an < MAX_ANSWERS ? an : MAX_ANSWERS;
  for (let i = 0; i < answers; i++) {
    const next = skipDnsName(data, start, end, p);
    if (next < 0 || next + RECORD_FIXED > end) return message;
    const type = data.getUint16(next);
    const ttl = data.getUint32(next + 4);
    const rdLen = data.getUint16(next + 8);
    const rdata = next + RECORD_FIXED;
    if (rdata + rdLen > end) return message;
    if (i === 0) {
      message.firstAnswerName = dnsNameText(data, start, end, p);
      message.firstAnswerType = type;
    }
    if (message.ttl < 0 || ttl < message.ttl) message.ttl = ttl;
    if (type === TYPE_A && rdLen === 4) {
      message.addresses.push(ipv4TextAt(data, rdata));
    } else if (type === TYPE_AAAA && rdLen === 16) {
      message.addresses.push(ipv6TextAt(data, rdata));
    } else if (type === TYPE_CNAME) {
      const target = dnsNameText(data, start, rdata + rdLen, rdata);
      if (target !== null) message.cnames.push(target);
    }
    p = rdata + rdLen;
  }
  return message;
}
