/**
 * A minimal pcapng writer (draft-ietf-opsawg-pcapng): Section Header, Interface Description
 * (with if_tsresol) and Enhanced Packet Blocks, enough to build multi-interface, multi-link-type
 * and multi-section test files. `writeBlock()` adds any other block verbatim.
 */

import { ByteSink, checkU32 } from "./byte_sink.ts";
import { dltToLinktype } from "./link_type.ts";
import { MAX_CAPLEN } from "./savefile_limits.ts";
import {
  DEFAULT_TSRESOL,
  isWritableTsresol,
  timeToUnits,
  type UnitsOut,
} from "./timestamp_units.ts";

/** Options of `new PcapngWriter()`. */
export interface PcapngWriterOptions {
  /** Byte order of the sections. Default true (little-endian). */
  littleEndian?: boolean;
  /** Destination, owned by the writer from now on; without it the file is built in memory. */
  file?: Deno.FsFile;
  /** Write buffer size. Default 1 MiB. */
  bufferBytes?: number;
}

/** Options of `PcapngWriter.addInterface()`. */
export interface PcapngInterfaceOptions {
  /** Default 262144; 0 means "no limit". */
  snaplen?: number;
  /**
   * The if_tsresol byte: 10^-n seconds for n in 0..9, or 2^-n for 0x80 | n with n in 0..32.
   * Default 6 (µs), which is written as no option at all, as the format allows.
   */
  tsresol?: number;
}

const BLOCK_SHB = 0x0a0d0d0a;
const BLOCK_IDB = 1;
const BLOCK_EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const SHB_BYTES = 28;
const IDB_BYTES = 20;
/** if_tsresol option: code, length, one byte of value, three of padding. */
const TSRESOL_OPTION_BYTES = 8;
/** opt_endofopt: code 0, length 0. */
const END_OPTION_BYTES = 4;
const IF_TSRESOL = 9;
const EPB_FIXED_BYTES = 32;
/** A block's type, length and trailing length. */
const BLOCK_OVERHEAD = 12;
const NS_PER_SEC = 1_000_000_000;

/** A pcapng file being written. A section with one SHB is started at construction. */
export class PcapngWriter {
  readonly #sink: ByteSink;
  readonly #le: boolean;
  /** Per interface of the current section: [snaplen, tsresol]. */
  #interfaces: Array<readonly [number, number]> = [];
  readonly #units: UnitsOut = { hi: 0, lo: 0 };

  constructor(options: PcapngWriterOptions = {}) {
    this.#le = options.littleEndian ?? true;
    this.#sink = new ByteSink(options.file, options.bufferBytes);
    this.startSection();
  }

  /** Starts a new section; interface IDs start again at 0. */
  startSection(): void {
    const at = this.#sink.reserve(SHB_BYTES);
    const view = this.#sink.view;
    const le = this.#le;
    view.setUint32(at, BLOCK_SHB, le);
    view.setUint32(at + 4, SHB_BYTES, le);
    view.setUint32(at + 8, BYTE_ORDER_MAGIC, le);
    view.setUint16(at + 12, 1, le); // major version
    view.setUint16(at + 14, 0, le); // minor version
    // Section length -1: "not specified", so the section can be streamed.
    view.setInt32(at + 16, -1, le);
    view.setInt32(at + 20, -1, le);
    view.setUint32(at + 24, SHB_BYTES, le);
    this.#interfaces = [];
  }

  /** Adds an interface with link type `linkType` (a DLT value) and returns its ID. */
  addInterface(linkType: number, options: PcapngInterfaceOptions = {}): number {
    const snaplen = options.snaplen ?? MAX_CAPLEN;
    const tsresol = options.tsresol ?? DEFAULT_TSRESOL;
    if (!isWritableTsresol(tsresol)) {
      throw new RangeError(
        `Cannot add interface: unsupported if_tsresol 0x${tsresol.toString(16)}`,
      );
    }
    checkU32("pcapng", "snaplen", snaplen);
    const linktype = dltToLinktype(linkType);
    if (!Number.isInteger(linktype) || linktype < 0 || linktype > 0xffff) {
      throw new RangeError(`Cannot add interface: link type ${linkType} does not fit in 16 bits`);
    }
    const withResol = tsresol !== DEFAULT_TSRESOL;
    const length = IDB_BYTES + (withResol ? TSRESOL_OPTION_BYTES + END_OPTION_BYTES : 0);
    const at = this.#sink.reserve(length);
    const view = this.#sink.view;
    const le = this.#le;
    view.setUint32(at, BLOCK_IDB, le);
    view.setUint32(at + 4, length, le);
    view.setUint16(at + 8, linktype, le);
    view.setUint16(at + 10, 0, le);
    view.setUint32(at + 12, snaplen, le);
    if (withResol) {
      view.setUint16(at + 16, IF_TSRESOL, le);
      view.setUint16(at + 18, 1, le);
      view.setUint32(at + 20, 0, le); // value byte and padding
      view.setUint8(at + 20, tsresol);
      view.setUint32(at + 24, 0, le); // opt_endofopt
    }
    view.setUint32(at + length - 4, length, le);
    this.#interfaces.push([snaplen, tsresol]);
    return this.#interfaces.length - 1;
  }

  /**
   * Appends an Enhanced Packet Block on interface `interfaceId`. `bytes` beyond the interface's
   * snaplen are not stored; the timestamp is truncated to the interface's resolution.
   */
  writePacket(
    interfaceId: number,
    tsSec: number,
    tsNsec: number,
    bytes: Uint8Array,
    wireLen = bytes.length,
  ): void {
    const caplen = this.#caplen(interfaceId, bytes.length);
    const at = this.#packetBlock(interfaceId, tsSec, tsNsec, caplen, wireLen);
    this.#sink.bytes.set(caplen === bytes.length ? bytes : bytes.subarray(0, caplen), at);
  }

  /**
   * Appends an Enhanced Packet Block whose bytes are `data[offset, offset + length)`, as the
   * capture loop holds them, without allocating. Otherwise as `writePacket()`.
   */
  writeFrame(
    interfaceId: number,
    tsSec: number,
    tsNsec: number,
    data: DataView,
    offset: number,
    length: number,
    wireLen: number,
  ): void {
    const caplen = this.#caplen(interfaceId, length);
    const at = this.#packetBlock(interfaceId, tsSec, tsNsec, caplen, wireLen);
    this.#sink.copyFrom(data, offset, caplen, at);
  }

  /** Bytes written so far: what the file holds once flushed. */
  get size(): number {
    return this.#sink.size;
  }

  #caplen(interfaceId: number, length: number): number {
    const iface = this.#interfaces[interfaceId];
    if (iface === undefined) {
      throw new RangeError(
        `Cannot write packet: interface ${interfaceId} is not defined in this section`,
      );
    }
    const snaplen = iface[0];
    return snaplen === 0 ? length : Math.min(length, snaplen);
  }

  /**
   * Writes an EPB's header, zero padding and trailing length around room for `caplen` bytes of
   * data, and returns where those go.
   */
  #packetBlock(
    interfaceId: number,
    tsSec: number,
    tsNsec: number,
    caplen: number,
    wireLen: number,
  ): number {
    const tsresol = this.#interfaces[interfaceId]![1];
    if (!Number.isSafeInteger(tsSec) || tsSec < 0) {
      throw new RangeError(`Cannot write packet: tsSec ${tsSec} is not a non-negative integer`);
    }
    if (!Number.isInteger(tsNsec) || tsNsec < 0 || tsNsec >= NS_PER_SEC) {
      throw new RangeError(`Cannot write packet: tsNsec ${tsNsec} is not in [0, 1e9)`);
    }
    checkU32("pcapng", "wireLen", wireLen);
    if (wireLen < caplen) {
      throw new RangeError(`Cannot write packet: wireLen ${wireLen} is less than caplen ${caplen}`);
    }
    timeToUnits(tsSec, tsNsec, tsresol, this.#units);
    const padded = (caplen + 3) & ~3;
    const length = EPB_FIXED_BYTES + padded;
    const at = this.#sink.reserve(length);
    const view = this.#sink.view;
    const le = this.#le;
    view.setUint32(at, BLOCK_EPB, le);
    view.setUint32(at + 4, length, le);
    view.setUint32(at + 8, interfaceId, le);
    view.setUint32(at + 12, this.#units.hi, le);
    view.setUint32(at + 16, this.#units.lo, le);
    view.setUint32(at + 20, caplen, le);
    view.setUint32(at + 24, wireLen, le);
    // Padding must be zero; the buffer is reused, so clear it explicitly.
    this.#sink.bytes.fill(0, at + 28 + caplen, at + 28 + padded);
    view.setUint32(at + length - 4, length, le);
    return at + 28;
  }

  /**
   * Appends a block of any type with `body` (padded with zeros to 32 bits) as its contents,
   * e.g. a Name Resolution or custom block, or a damaged block in a test.
   */
  writeBlock(type: number, body: Uint8Array): void {
    checkU32("pcapng", "block type", type);
    const padded = (body.length + 3) & ~3;
    const length = BLOCK_OVERHEAD + padded;
    const at = this.#sink.reserve(length);
    const view = this.#sink.view;
    view.setUint32(at, type, this.#le);
    view.setUint32(at + 4, length, this.#le);
    this.#sink.bytes.set(body, at + 8);
    this.#sink.bytes.fill(0, at + 8 + body.length, at + 8 + padded);
    view.setUint32(at + length - 4, length, this.#le);
  }

  /** Writes buffered blocks to the file. */
  flush(): void {
    this.#sink.flush();
  }

  /** The whole file so far (in-memory writers only). */
  toBytes(): Uint8Array {
    return this.#sink.toBytes();
  }

  /** Flushes and closes the file. Idempotent. */
  close(): void {
    this.#sink.close();
  }
}
