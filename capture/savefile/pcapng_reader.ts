/**
 * pcapng (draft-ietf-opsawg-pcapng): a sequence of blocks, each `type, length, body, length`.
 * Sections (SHB) carry their own byte order and interface table; packets come from Enhanced
 * (EPB), Simple (SPB) and the obsolete Packet Block (OPB). Every other block is skipped.
 */

import { BaseReader } from "./base_reader.ts";
import type { ChunkedInput } from "./chunked_input.ts";
import { parseInterface, type PcapngInterface } from "./pcapng_interface.ts";
import { MAX_CAPLEN, MAX_HELD_BYTES } from "./savefile_limits.ts";
import { type TimeOut, unitsToTime } from "./timestamp_units.ts";

/** Section Header Block type: 0x0A0D0D0A reads the same in both byte orders, on purpose. */
export const BLOCK_SHB = 0x0a0d0d0a;
const BLOCK_IDB = 1;
const BLOCK_OPB = 2;
const BLOCK_SPB = 3;
const BLOCK_EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** The byte-order magic as a little-endian read sees it in a big-endian section. */
const BYTE_ORDER_MAGIC_SWAPPED = 0x4d3c2b1a;
const SUPPORTED_MAJOR_VERSION = 1;
/** type + length */
const BLOCK_HEADER_BYTES = 8;
/** type + length + trailing length */
const BLOCK_MIN_BYTES = 12;
/** type, length, byte-order magic, versions, section length (8), trailing length */
const SHB_MIN_BYTES = 28;
/** EPB and OPB: type, length, interface, ts high, ts low, caplen, wire length, trailing length */
const PACKET_BLOCK_MIN_BYTES = 32;
const PACKET_DATA_START = 28;
/** type, length, wire length, trailing length */
const SPB_MIN_BYTES = 16;
const SPB_DATA_START = 12;
/**
 * Most interfaces in one section: 65536, all that an OPB's 16-bit interface field can name.
 * Real files have a handful (the largest seen here has 126); the cap keeps a corrupt file
 * from growing the table without end.
 */
export const MAX_INTERFACES = 65_536;

/** What one call of `#step()` consumed. */
type Step = 0 | 1 | 2;
const STEP_EOF = 0;
const STEP_PACKET = 1;
const STEP_OTHER = 2;

/** Reads a pcapng file whose first bytes are a Section Header Block (not yet consumed). */
export class PcapngReader extends BaseReader {
  readonly format = "pcapng";
  #le = true;
  #interfaces: PcapngInterface[] = [];
  readonly #time: TimeOut = { sec: 0, nsec: 0 };

  constructor(input: ChunkedInput) {
    super(input);
    // The header fields describe the first interface, so read up to the first IDB.
    while (this.#interfaces.length === 0) {
      if (this.#step() === STEP_EOF) {
        throw input.error("no interface description block before the end of the file");
      }
    }
    const first = this.#interfaces[0];
    this.linkType = first?.linkType ?? 0;
    this.snaplen = first?.snaplen ?? 0;
  }

  protected advance(): boolean {
    for (;;) {
      const step = this.#step();
      if (step === STEP_PACKET) return true;
      if (step === STEP_EOF) return false;
    }
  }

  /** Consumes one block. */
  #step(): Step {
    const input = this.input;
    const start = input.offset;
    const got = input.available >= BLOCK_HEADER_BYTES
      ? BLOCK_HEADER_BYTES
      : input.fill(BLOCK_HEADER_BYTES);
    if (got === 0) return STEP_EOF;
    if (got < BLOCK_HEADER_BYTES) {
      throw input.error(`truncated block header at byte ${start}: ${got} of 8 bytes`, start);
    }
    const type = input.view.getUint32(input.pos, this.#le);
    if (type === BLOCK_SHB) this.#readByteOrder(start);
    const length = input.view.getUint32(input.pos + 4, this.#le);
    if (length < BLOCK_MIN_BYTES || length % 4 !== 0) {
      throw input.error(`invalid block length ${length} at byte ${start}`, start);
    }
    if (
      type !== BLOCK_SHB && type !== BLOCK_IDB && type !== BLOCK_EPB && type !== BLOCK_SPB &&
      type !== BLOCK_OPB
    ) {
      this.#skipBlock(type, length, start);
      return STEP_OTHER;
    }
    if (length > MAX_HELD_BYTES) {
      throw input.error(
        `block of type ${type} at byte ${start} is ${length} bytes, above the ${MAX_HELD_BYTES}-byte limit`,
        start,
      );
    }
    const present = input.fill(length);
    if (present < length) {
      throw input.error(
        `truncated block at byte ${start}: ${length} bytes announced, ${present} present`,
        start,
      );
    }
    const pos = input.pos;
    const trailer = input.view.getUint32(pos + length - 4, this.#le);
    if (trailer !== length) {
      throw input.error(
        `block at byte ${start} ends with length ${trailer}, not the ${length} it starts with`,
        start,
      );
    }
    let step: Step = STEP_OTHER;
    if (type === BLOCK_EPB || type === BLOCK_OPB) step = this.#packet(type, pos, length);
    else if (type === BLOCK_SPB) step = this.#simplePacket(pos, length);
    else if (type === BLOCK_IDB) this.#addInterface(pos, length);
    else this.#startSection(pos, length);
    input.pos = pos + length;
    return step;
  }

  /** The SHB's byte-order magic decides how to read everything up to the next SHB. */
  #readByteOrder(start: number): void {
    const input = this.input;
    const got = input.fill(BLOCK_MIN_BYTES);
    if (got < BLOCK_MIN_BYTES) {
      throw input.error(`truncated section header at byte ${start}: ${got} of 12 bytes`, start);
    }
    const magic = input.view.getUint32(input.pos + 8, true);
    if (magic === BYTE_ORDER_MAGIC) this.#le = true;
    else if (magic === BYTE_ORDER_MAGIC_SWAPPED) this.#le = false;
    else {
      throw input.error(
        `bad byte-order magic 0x${hex(input.view.getUint32(input.pos + 8, false))} at byte ${
          start + 8
        }`,
        start + 8,
      );
    }
  }

  #startSection(pos: number, length: number): void {
    const input = this.input;
    const start = input.offset;
    if (length < SHB_MIN_BYTES) {
      throw input.error(`section header block at byte ${start} is only ${length} bytes`, start);
    }
    const major = input.view.getUint16(pos + 12, this.#le);
    if (major !== SUPPORTED_MAJOR_VERSION) {
      const minor = input.view.getUint16(pos + 14, this.#le);
      throw input.error(`unsupported pcapng version ${major}.${minor} at byte ${start}`, start);
    }
    // Interface IDs are per section (draft section 4.1): a new section starts a new table.
    this.#interfaces = [];
  }

  #addInterface(pos: number, length: number): void {
    const input = this.input;
    if (this.#interfaces.length >= MAX_INTERFACES) {
      throw input.error(
        `more than ${MAX_INTERFACES} interfaces in one section at byte ${input.offset}`,
        input.offset,
      );
    }
    this.#interfaces.push(parseInterface(input, pos, length, this.#le));
  }

  #packet(type: number, pos: number, length: number): Step {
    const input = this.input;
    const view = input.view;
    const le = this.#le;
    if (length < PACKET_BLOCK_MIN_BYTES) {
      throw input.error(
        `packet block at byte ${input.offset} is only ${length} bytes`,
        input.offset,
      );
    }
    // The OPB has a 16-bit interface ID followed by a 16-bit drop count.
    const id = type === BLOCK_EPB ? view.getUint32(pos + 8, le) : view.getUint16(pos + 8, le);
    const iface = this.#interfaceFor(id);
    const caplen = view.getUint32(pos + 20, le);
    this.#checkCaplen(caplen, length - PACKET_BLOCK_MIN_BYTES);
    unitsToTime(
      view.getUint32(pos + 12, le),
      view.getUint32(pos + 16, le),
      iface.tsresol,
      this.#time,
    );
    this.tsSec = this.#time.sec + iface.tsOffset;
    this.tsNsec = this.#time.nsec;
    this.#setPacket(id, iface, pos + PACKET_DATA_START, caplen, view.getUint32(pos + 24, le));
    return STEP_PACKET;
  }

  /** An SPB belongs to interface 0, has no timestamp, and its caplen is implied (section 4.4). */
  #simplePacket(pos: number, length: number): Step {
    const input = this.input;
    if (length < SPB_MIN_BYTES) {
      throw input.error(
        `simple packet block at byte ${input.offset} is only ${length} bytes`,
        input.offset,
      );
    }
    const iface = this.#interfaceFor(0);
    const wireLen = input.view.getUint32(pos + 8, this.#le);
    let caplen = Math.min(wireLen, length - SPB_MIN_BYTES);
    if (iface.snaplen !== 0) caplen = Math.min(caplen, iface.snaplen);
    this.#checkCaplen(caplen, length - SPB_MIN_BYTES);
    this.tsSec = 0;
    this.tsNsec = 0;
    this.#setPacket(0, iface, pos + SPB_DATA_START, caplen, wireLen);
    return STEP_PACKET;
  }

  #setPacket(id: number, iface: PcapngInterface, at: number, caplen: number, wireLen: number) {
    this.interfaceId = id;
    this.packetLinkType = iface.linkType;
    this.data = this.input.view;
    this.offset = at;
    this.caplen = caplen;
    this.wireLen = wireLen;
  }

  #interfaceFor(id: number): PcapngInterface {
    const iface = this.#interfaces[id];
    if (iface === undefined) {
      const input = this.input;
      throw input.error(
        `packet at byte ${input.offset} names interface ${id}, but the section defines ` +
          `${this.#interfaces.length}`,
        input.offset,
      );
    }
    return iface;
  }

  #checkCaplen(caplen: number, room: number): void {
    const input = this.input;
    if (caplen > MAX_CAPLEN) {
      throw input.error(
        `packet at byte ${input.offset} has caplen ${caplen}, above the ${MAX_CAPLEN}-byte limit`,
        input.offset,
      );
    }
    if (caplen > room) {
      throw input.error(
        `packet at byte ${input.offset} has caplen ${caplen}, more than its block holds (${room})`,
        input.offset,
      );
    }
  }

  /** Streams past a block the reader has no use for, then checks its trailing length. */
  #skipBlock(type: number, length: number, start: number): void {
    const input = this.input;
    const body = length - 4;
    const skipped = input.skip(body);
    const got = skipped < body ? 0 : input.fill(4);
    if (got < 4) {
      throw input.error(
        `truncated block of type ${type} at byte ${start}: ${length} bytes announced, ` +
          `${skipped + got} present`,
        start,
      );
    }
    const trailer = input.view.getUint32(input.pos, this.#le);
    if (trailer !== length) {
      throw input.error(
        `block at byte ${start} ends with length ${trailer}, not the ${length} it starts with`,
        start,
      );
    }
    input.pos += 4;
  }
}

function hex(value: number): string {
  return value.toString(16).padStart(8, "0");
}
