/**
 * DNS messages (RFC 1035 section 4.1): the header, the questions, and the A/AAAA/CNAME data of
 * the answer section. Used for DNS, mDNS (RFC 6762) and LLMNR (RFC 4795), which share the
 * format. Reads stay inside `data[start, end)`; a malformed record ends the walk, keeping what
 * was read before it.
 */
import { DNS_HEADER_LEN, DnsCursor } from "./dns_cursor.ts";

export { DNS_HEADER_LEN, MAX_ANSWERS, MAX_QUESTIONS } from "./dns_cursor.ts";
const QR_BIT = 0x8000;
const OPCODE_MASK = 0x7800;

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

const cursor = new DnsCursor();

/**
 * Read the message `data[start, end)` into one object; `null` when not even the header is
 * there. The inspector walks messages with a `DnsCursor` instead; this whole view is for tests
 * and tools.
 */
export function readDnsMessage(data: DataView, start: number, end: number): DnsMessage | null {
  if (!cursor.open(data, start, end)) return null;
  const message: DnsMessage = {
    response: cursor.response,
    rcode: cursor.rcode,
    questions: [],
    addresses: [],
    cnames: [],
    ttl: -1,
    firstAnswerName: null,
    firstAnswerType: -1,
  };
  while (cursor.nextQuestion()) message.questions.push({ name: cursor.name, type: cursor.type });
  if (!message.response) return message;
  for (let i = 0; cursor.nextAnswer(); i++) {
    if (i === 0) {
      message.firstAnswerName = cursor.answerName();
      message.firstAnswerType = cursor.type;
    }
    if (message.ttl < 0 || cursor.ttl < message.ttl) message.ttl = cursor.ttl;
    const address = cursor.addressText();
    if (address !== null) message.addresses.push(address);
    const target = cursor.cnameText();
    if (target !== null) message.cnames.push(target);
  }
  return message;
}
