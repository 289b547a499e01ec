/**
 * What the packet list shows of a DNS message (tshark's Info column is the model): its ID,
 * flags, first question and the A/AAAA answers that lead its answer section, kept beside the
 * packet ring in shared memory so that the packet list can say "Standard query 0x1a2b A
 * example.com" where the headers alone say "dns len=53".
 *
 * Why a side table keyed by the packet's ring sequence number, not a field of every record: the
 * record stays 38 words for the many packets that carry no DNS, the name needs no string (and no
 * message) to cross threads, and the main thread does nothing per packet beyond remembering the
 * sequence number: the summary is looked up only when the packet list is read. Slot
 * `seq & mask` belongs to packet `seq` while its tag says so; a DNS packet `DNS_SUMMARY_SLOTS`
 * packets later takes the slot over, and the older packet's row falls back to its headers.
 *
 * The worker writes a slot between two tag stores (`WRITING`, then `seq`); a reader copies the
 * slot out and keeps the copy only when the tag said `seq` before and after, so a slot being
 * rewritten is never read half old, half new.
 *
 * Names and addresses are copied a word at a time, read little-endian so that the words hold
 * the bytes in wire order in memory (typed arrays use the platform's order, little-endian on
 * every platform Deno runs on), where `read()` takes them back byte by byte.
 */
import {
  copyLastDnsNameWire,
  MAX_NAME_WIRE_BYTES,
  readDnsName,
  skipDnsName,
} from "./inspect/dns_name.ts";
import { DNS_HEADER_LEN, TYPE_A, TYPE_AAAA } from "./inspect/dns_cursor.ts";

/**
 * Slots: the newest DNS messages of the last 2,048 packets. Twice the default recent-packet
 * list (1,000), so a list of DNS packets read after a file ends is whole; 2,048 x 336 bytes is
 * 672 KiB of shared memory per capture.
 */
export const DNS_SUMMARY_SLOTS = 2048;
/** Leading A/AAAA answers kept: enough for a row, cheap to copy (4 x 16 bytes). */
export const MAX_SUMMARY_ADDRESSES = 4;

// Slot layout in 32-bit words, then the name's wire bytes.
const TAG = 0;
/** ID (high 16 bits), flags (low 16 bits). */
const HEADER = 1;
/** QTYPE (16 bits), name length + 1 (9 bits: 0 for no question, 256 for a name too long). */
const QUESTION = 2;
/** Address lengths, one byte each (4 or 16), for the addresses that follow. */
const ADDRESS_LENS = 3;
const ADDRESSES = 4;
const NAME = ADDRESSES + MAX_SUMMARY_ADDRESSES * 4;
const SLOT_WORDS = NAME + (MAX_NAME_WIRE_BYTES + 1) / 4;
const SLOT_BYTES = SLOT_WORDS * 4;
/** A tag no sequence number has while the worker rewrites a slot. */
const WRITING = 0x7fffffff;
const NO_QUESTION = 0;
const NAME_TOO_LONG = MAX_NAME_WIRE_BYTES + 2;
/** Bytes read past a name's end when its labels are walked: the longest label (63) and more. */
const SCRATCH_SLACK = 64;

/** One message's summary, as `read()` leaves it (reused). */
export class DnsSummary {
  id = 0;
  flags = 0;
  /** QTYPE of the first question; -1 when there is none (or it could not be read). */
  qtype = -1;
  /** Wire length of the question name, -1 when too long to keep (tshark's "<Name too long>"). */
  nameLength = 0;
  /** The name's wire form: `nameBytes[0, nameLength)`. */
  readonly nameBytes = new Uint8Array(MAX_NAME_WIRE_BYTES + SCRATCH_SLACK);
  readonly nameView = new DataView(this.nameBytes.buffer);
  addressCount = 0;
  readonly addressLengths = new Uint8Array(MAX_SUMMARY_ADDRESSES);
  /** Address `i` is `addresses[i * 16, i * 16 + addressLengths[i])`. */
  readonly addresses = new Uint8Array(MAX_SUMMARY_ADDRESSES * 16);
}

export class DnsSummaryRing {
  readonly buffer: SharedArrayBuffer;
  readonly #words: Int32Array;
  readonly #bytes: Uint8Array;
  readonly #mask = DNS_SUMMARY_SLOTS - 1;
  /** Worker: the ring sequence number of the packet being inspected (set before each). */
  seq = 0;
  /** The last `seq` a summary was written for: a packet keeps its first message's. */
  #written = -1;
  #writtenValid = false;

  /** A new table (main thread), or one attached to its buffer (worker). */
  constructor(buffer?: SharedArrayBuffer) {
    this.buffer = buffer ?? new SharedArrayBuffer(DNS_SUMMARY_SLOTS * SLOT_BYTES);
    this.#words = new Int32Array(this.buffer);
    this.#bytes = new Uint8Array(this.buffer);
    if (buffer === undefined) {
      for (let s = 0; s < DNS_SUMMARY_SLOTS; s++) this.#words[s * SLOT_WORDS + TAG] = WRITING;
    }
  }

  /**
   * Worker: summarise the DNS message `data[start, end)` for packet `seq`. Reads stay inside
   * the message; a malformed one keeps what came before the damage (a header at least).
   * Allocates nothing.
   */
  write(data: DataView, start: number, end: number): void {
    const seq = this.seq;
    if (this.#writtenValid && this.#written === seq) return;
    if (end - start < DNS_HEADER_LEN) return;
    this.#written = seq;
    this.#writtenValid = true;
    const words = this.#words;
    const base = (seq & this.#mask) * SLOT_WORDS;
    Atomics.store(words, base + TAG, WRITING);
    words[base + HEADER] = data.getInt32(start);
    const qd = data.getUint16(start + 4);
    const an = data.getUint16(start + 6);
    let question = NO_QUESTION;
    let pos = start + DNS_HEADER_LEN;
    let count = 0;
    let lens = 0;
    if (qd > 0) {
      const next = readDnsName(data, start, end, pos);
      if (next >= 0 && next + 4 <= end) {
        const length = copyLastDnsNameWire(words, base + NAME);
        question = (data.getUint16(next) << 16) | (length < 0 ? NAME_TOO_LONG : length + 1);
        pos = next + 4;
      }
    }
    // Only a message with one question whose end is known has answers to read from.
    if (qd === 1 && question !== NO_QUESTION) {
      for (let i = 0; i < an && count < MAX_SUMMARY_ADDRESSES; i++) {
        const next = skipDnsName(data, start, end, pos);
        if (next < 0 || next + 10 > end) break;
        const type = data.getUint16(next);
        const rdLen = data.getUint16(next + 8);
        const rdata = next + 10;
        if (rdata + rdLen > end) break;
        // tshark lists records in order: past the first other record, ours would not match.
        if (!((type === TYPE_A && rdLen === 4) || (type === TYPE_AAAA && rdLen === 16))) break;
        // Whole words in memory order, as `read()` takes them back byte by byte.
        const at = base + ADDRESSES + count * 4;
        for (let k = 0; k < rdLen; k += 4) words[at + (k >> 2)] = data.getInt32(rdata + k, true);
        lens |= rdLen << (count * 8);
        count++;
        pos = rdata + rdLen;
      }
    }
    words[base + QUESTION] = question;
    words[base + ADDRESS_LENS] = lens;
    Atomics.store(words, base + TAG, seq === WRITING ? WRITING - 1 : seq);
  }

  /**
   * Main thread: copy the summary of packet `seq` into `into`; false when that packet carried no
   * DNS message or its slot has since been taken by a newer one.
   */
  read(seq: number, into: DnsSummary): boolean {
    const words = this.#words;
    const base = (seq & this.#mask) * SLOT_WORDS;
    const tag = seq === WRITING ? WRITING - 1 : seq;
    if (Atomics.load(words, base + TAG) !== tag) return false;
    const header = words[base + HEADER]!;
    const question = words[base + QUESTION]!;
    const lens = words[base + ADDRESS_LENS]!;
    into.id = header >>> 16;
    into.flags = header & 0xffff;
    const nameField = question & 0xffff;
    into.qtype = nameField === NO_QUESTION ? -1 : question >>> 16;
    into.nameLength = nameField === NAME_TOO_LONG ? -1 : nameField - 1;
    const name = (base + NAME) * 4;
    const bytes = this.#bytes;
    for (let i = 0; i < into.nameLength; i++) into.nameBytes[i] = bytes[name + i]!;
    let count = 0;
    for (; count < MAX_SUMMARY_ADDRESSES; count++) {
      const len = (lens >>> (count * 8)) & 0xff;
      if (len === 0) break;
      into.addressLengths[count] = len;
      const at = (base + ADDRESSES + count * 4) * 4;
      for (let k = 0; k < len; k++) into.addresses[count * 16 + k] = bytes[at + k]!;
    }
    into.addressCount = count;
    // Rewritten meanwhile: what was copied may be half of another message.
    return Atomics.load(words, base + TAG) === tag;
  }
}
