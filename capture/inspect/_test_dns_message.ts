/**
 * Test support: a whole DNS message read into one object with `DnsCursor`, to check what the
 * inspector's cursor walk sees. Production code walks messages with the cursor and allocates
 * nothing; this view allocates freely.
 */

import { DnsCursor } from "./dns_cursor.ts";

const QR_BIT = 0x8000;

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

/** Whether the message at `start` is a query (QR bit clear). The caller checked the length. */
export function isDnsQuery(data: DataView, start: number): boolean {
  return (data.getUint16(start + 2) & QR_BIT) === 0;
}

const cursor = new DnsCursor();

/**
 * Read the message `data[start, end)` into one object; `null` when not even the header is
 * there. The inspector walks messages with a `DnsCursor` instead; this whole view is for tests.
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
