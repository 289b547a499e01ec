/**
 * Classic pcap records (draft-ietf-opsawg-pcap): a 24-byte file header, then per packet a
 * 16-byte record header and the captured bytes. Both byte orders; µs or ns fractions.
 */

import { BaseReader } from "./base_reader.ts";
import type { ChunkedInput } from "./chunked_input.ts";
import { linktypeToDlt } from "./link_type.ts";
import { MAX_CAPLEN } from "./savefile_limits.ts";

const FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
/** The only major version ever written; 1.x files predate 1990s libpcap. */
const SUPPORTED_MAJOR_VERSION = 2;
/** The LinkType is the low 16 bits of the header's "network" field; the rest holds FCS flags. */
const LINKTYPE_MASK = 0xffff;
const NS_PER_US = 1000;
const NS_PER_SEC = 1_000_000_000;

/** Reads a classic pcap file whose magic has been recognised (and not yet consumed). */
export class PcapReader extends BaseReader {
  readonly format: "pcap" | "pcap-nsec";
  readonly #littleEndian: boolean;
  /** Nanoseconds per unit of the record's fraction field: 1 (pcap-nsec) or 1000 (pcap). */
  readonly #nsPerUnit: number;

  constructor(input: ChunkedInput, littleEndian: boolean, nanosecond: boolean) {
    super(input);
    this.format = nanosecond ? "pcap-nsec" : "pcap";
    this.#littleEndian = littleEndian;
    this.#nsPerUnit = nanosecond ? 1 : NS_PER_US;
    const got = input.fill(FILE_HEADER_BYTES);
    if (got < FILE_HEADER_BYTES) {
      throw input.error(`truncated file header: ${got} of ${FILE_HEADER_BYTES} bytes`, 0);
    }
    const view = input.view;
    const pos = input.pos;
    const major = view.getUint16(pos + 4, littleEndian);
    const minor = view.getUint16(pos + 6, littleEndian);
    if (major !== SUPPORTED_MAJOR_VERSION) {
      throw input.error(`unsupported pcap version ${major}.${minor}`, 4);
    }
    this.snaplen = view.getUint32(pos + 16, littleEndian);
    this.linkType = linktypeToDlt(view.getUint32(pos + 20, littleEndian) & LINKTYPE_MASK);
    this.packetLinkType = this.linkType;
    input.pos += FILE_HEADER_BYTES;
  }

  protected advance(): boolean {
    const input = this.input;
    const le = this.#littleEndian;
    if (input.available < RECORD_HEADER_BYTES) {
      const got = input.fill(RECORD_HEADER_BYTES);
      if (got === 0) return false;
      if (got < RECORD_HEADER_BYTES) {
        throw input.error(
          `truncated record header at byte ${input.offset}: ${got} of ${RECORD_HEADER_BYTES} bytes`,
          input.offset,
        );
      }
    }
    let pos = input.pos;
    let view = input.view;
    const caplen = view.getUint32(pos + 8, le);
    if (caplen > MAX_CAPLEN) {
      throw input.error(
        `record at byte ${input.offset} has caplen ${caplen}, above the ${MAX_CAPLEN}-byte limit`,
        input.offset,
      );
    }
    const total = RECORD_HEADER_BYTES + caplen;
    if (input.available < total) {
      const got = input.fill(total);
      if (got < total) {
        throw input.error(
          `truncated record at byte ${input.offset}: caplen ${caplen}, ` +
            `${got - RECORD_HEADER_BYTES} bytes of data present`,
          input.offset,
        );
      }
      pos = input.pos;
      view = input.view;
    }
    let sec = view.getUint32(pos, le);
    let nsec = view.getUint32(pos + 4, le) * this.#nsPerUnit;
    if (nsec >= NS_PER_SEC) {
      // A fraction of a second or more: carry it, so tsNsec stays within the second.
      sec += Math.floor(nsec / NS_PER_SEC);
      nsec %= NS_PER_SEC;
    }
    this.tsSec = sec;
    this.tsNsec = nsec;
    this.caplen = caplen;
    this.wireLen = view.getUint32(pos + 12, le);
    this.data = view;
    this.offset = pos + RECORD_HEADER_BYTES;
    input.pos = pos + total;
    return true;
  }
}
