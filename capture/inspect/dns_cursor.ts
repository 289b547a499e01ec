/**
 * A reader that walks one DNS message (RFC 1035 section 4.1) record by record without building
 * an object graph: the header, then `nextQuestion()` for each question, then `nextAnswer()` for
 * each answer record, each leaving what it read in the cursor's fields. Text (names,
 * addresses) is made only when asked for, and comes from the caches of `dns_name.ts` and
 * `ip_text.ts`. Reads stay inside `data[start, end)`; a malformed record ends the walk.
 */
import { dnsNameText, lastDnsNameText, readDnsName, skipDnsName } from "./dns_name.ts";
import { addressText } from "./ip_text.ts";

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
const RCODE_MASK = 0x000f;
export const TYPE_A = 1;
export const TYPE_CNAME = 5;
export const TYPE_AAAA = 28;
const IPV4_LEN = 4;
const IPV6_LEN = 16;

export class DnsCursor {
  /** QR bit of the header. */
  response = false;
  /** RCODE of the header (RFC 1035 section 4.1.1). */
  rcode = 0;
  /** Name of the question `nextQuestion()` read. */
  name = "";
  /** QTYPE of that question, or TYPE of the record `nextAnswer()` read. */
  type = 0;
  /** TTL, RDATA offset and RDLENGTH of the record `nextAnswer()` read. */
  ttl = 0;
  rdata = 0;
  rdLen = 0;
  #data: DataView = new DataView(new ArrayBuffer(0));
  #start = 0;
  #end = 0;
  #pos = 0;
  #questionsLeft = 0;
  #answersLeft = 0;
  #recordAt = 0;

  /** Start on the message `data[start, end)`; false when not even the header is there. */
  open(data: DataView, start: number, end: number): boolean {
    if (end - start < DNS_HEADER_LEN) return false;
    this.#data = data;
    const flags = data.getUint16(start + 2);
    const qd = data.getUint16(start + 4);
    const an = data.getUint16(start + 6);
    this.response = (flags & QR_BIT) !== 0;
    this.rcode = flags & RCODE_MASK;
    this.#start = start;
    this.#end = end;
    this.#pos = start + DNS_HEADER_LEN;
    this.#questionsLeft = qd < MAX_QUESTIONS ? qd : MAX_QUESTIONS;
    // Questions past MAX_QUESTIONS are not read, so the answers cannot be found either.
    this.#answersLeft = qd > MAX_QUESTIONS ? 0 : an < MAX_ANSWERS ? an : MAX_ANSWERS;
    return true;
  }

  /** Read the next question into `name` and `type`; false when there is none (or it is bad). */
  nextQuestion(): boolean {
    if (this.#questionsLeft === 0) return false;
    const next = readDnsName(this.#data, this.#start, this.#end, this.#pos);
    if (!this.#question(next)) return false;
    this.name = lastDnsNameText();
    return true;
  }

  /**
   * Read the next answer record's type, TTL and RDATA span (questions not yet read are skipped
   * first); false when there is none, or it is bad.
   */
  nextAnswer(): boolean {
    while (this.#questionsLeft > 0) {
      if (!this.#question(skipDnsName(this.#data, this.#start, this.#end, this.#pos))) {
        return false;
      }
    }
    if (this.#answersLeft === 0) return false;
    const data = this.#data;
    const next = skipDnsName(data, this.#start, this.#end, this.#pos);
    if (next < 0 || next + RECORD_FIXED > this.#end) return this.#stop();
    const rdLen = data.getUint16(next + 8);
    const rdata = next + RECORD_FIXED;
    if (rdata + rdLen > this.#end) return this.#stop();
    this.#recordAt = this.#pos;
    this.type = data.getUint16(next);
    this.ttl = data.getUint32(next + 4);
    this.rdata = rdata;
    this.rdLen = rdLen;
    this.#pos = rdata + rdLen;
    this.#answersLeft--;
    return true;
  }

  /** The owner name of the record `nextAnswer()` read. */
  answerName(): string | null {
    return dnsNameText(this.#data, this.#start, this.#end, this.#recordAt);
  }

  /** The address of that record when it is an A or AAAA record, else null. */
  addressText(): string | null {
    const len = this.addressLength();
    return len === 0 ? null : addressText(this.#data, this.rdata, len);
  }

  /**
   * 4 or 16 when that record is an A or AAAA record (its address is `view[rdata, rdata+len)`),
   * else 0: the address without making its text.
   */
  addressLength(): number {
    if (this.type === TYPE_A && this.rdLen === IPV4_LEN) return IPV4_LEN;
    if (this.type === TYPE_AAAA && this.rdLen === IPV6_LEN) return IPV6_LEN;
    return 0;
  }

  /** The `DataView` given to `open()`. */
  get view(): DataView {
    return this.#data;
  }

  /** The target of that record when it is a CNAME, else null. */
  cnameText(): string | null {
    if (this.type !== TYPE_CNAME) return null;
    return dnsNameText(this.#data, this.#start, this.rdata + this.rdLen, this.rdata);
  }

  /** Account for the question whose name ends at `next` (`BAD_NAME` when it is bad). */
  #question(next: number): boolean {
    if (next < 0 || next + QUESTION_FIXED > this.#end) return this.#stop();
    this.type = this.#data.getUint16(next);
    this.#pos = next + QUESTION_FIXED;
    this.#questionsLeft--;
    return true;
  }

  #stop(): false {
    this.#questionsLeft = 0;
    this.#answersLeft = 0;
    return false;
  }
}
