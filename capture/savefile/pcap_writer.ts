/**
 * Writes classic pcap (draft-ietf-opsawg-pcap): synthetic captures for tests and benchmarks,
 * and the basis of export. Output goes to a `Deno.FsFile` (buffered, synchronous) or to memory.
 */

import { ByteSink, checkU32 } from "./byte_sink.ts";
import { dltToLinktype } from "./link_type.ts";
import { MAX_CAPLEN } from "./savefile_limits.ts";

/** Options of `new PcapWriter()`. */
export interface PcapWriterOptions {
  /** DLT of every packet; stored as its LINKTYPE (DLT_RAW 12 becomes LINKTYPE_RAW 101). */
  linkType: number;
  /** Longer packets are cut to this, as a capture would. Default 262144 (libpcap's maximum). */
  snaplen?: number;
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds. Default false. */
  nanosecond?: boolean;
  /** Byte order of every header field. Default true (little-endian, as x86 tcpdump writes). */
  littleEndian?: boolean;
  /** Destination, owned by the writer from now on; without it the file is built in memory. */
  file?: Deno.FsFile;
  /** Write buffer size. Default 1 MiB. */
  bufferBytes?: number;
}

const FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;
const VERSION_MAJOR = 2;
const VERSION_MINOR = 4;
const NS_PER_US = 1000;
const NS_PER_SEC = 1_000_000_000;
/** Largest value of the 32-bit seconds field. */

/** A classic pcap file being written, one `writePacket()` per record. */
export class PcapWriter {
  readonly snaplen: number;
  readonly #sink: ByteSink;
  readonly #le: boolean;
  readonly #nanosecond: boolean;

  constructor(options: PcapWriterOptions) {
    this.snaplen = options.snaplen ?? MAX_CAPLEN;
    checkU32("pcap", "snaplen", this.snaplen);
    checkU32("pcap", "linkType", options.linkType);
    this.#le = options.littleEndian ?? true;
    this.#nanosecond = options.nanosecond ?? false;
    this.#sink = new ByteSink(options.file, options.bufferBytes);
    const at = this.#sink.reserve(FILE_HEADER_BYTES);
    const view = this.#sink.view;
    const le = this.#le;
    view.setUint32(at, this.#nanosecond ? MAGIC_NS : MAGIC_US, le);
    view.setUint16(at + 4, VERSION_MAJOR, le);
    view.setUint16(at + 6, VERSION_MINOR, le);
    view.setInt32(at + 8, 0, le); // thiszone: always 0 (UTC)
    view.setUint32(at + 12, 0, le); // sigfigs: always 0
    view.setUint32(at + 16, this.snaplen, le);
    view.setUint32(at + 20, dltToLinktype(options.linkType), le);
  }

  /**
   * Appends one record. `bytes` beyond the snaplen are not stored; `wireLen` (default
   * `bytes.length`) is the length on the wire. In a µs file the fraction is truncated to µs.
   * Throws RangeError for a timestamp or length the format cannot hold.
   */
  writePacket(tsSec: number, tsNsec: number, bytes: Uint8Array, wireLen = bytes.length): void {
    const caplen = Math.min(bytes.length, this.snaplen);
    const at = this.#record(tsSec, tsNsec, caplen, wireLen);
    this.#sink.bytes.set(caplen === bytes.length ? bytes : bytes.subarray(0, caplen), at);
  }

  /**
   * Appends one record whose bytes are `data[offset, offset + length)`, as the capture loop
   * holds them, without allocating. Otherwise as `writePacket()`.
   */
  writeFrame(
    tsSec: number,
    tsNsec: number,
    data: DataView,
    offset: number,
    length: number,
    wireLen: number,
  ): void {
    const caplen = Math.min(length, this.snaplen);
    const at = this.#record(tsSec, tsNsec, caplen, wireLen);
    this.#sink.copyFrom(data, offset, caplen, at);
  }

  /** Bytes written so far, header included: what the file holds once flushed. */
  get size(): number {
    return this.#sink.size;
  }

  /** Writes a record header and returns where its `caplen` bytes of data go. */
  #record(tsSec: number, tsNsec: number, caplen: number, wireLen: number): number {
    checkU32("pcap", "tsSec", tsSec);
    if (!Number.isInteger(tsNsec) || tsNsec < 0 || tsNsec >= NS_PER_SEC) {
      throw new RangeError(`Cannot write packet: tsNsec ${tsNsec} is not in [0, 1e9)`);
    }
    checkU32("pcap", "wireLen", wireLen);
    if (wireLen < caplen) {
      throw new RangeError(`Cannot write packet: wireLen ${wireLen} is less than caplen ${caplen}`);
    }
    const at = this.#sink.reserve(RECORD_HEADER_BYTES + caplen);
    const view = this.#sink.view;
    const le = this.#le;
    view.setUint32(at, tsSec, le);
    view.setUint32(at + 4, this.#nanosecond ? tsNsec : Math.floor(tsNsec / NS_PER_US), le);
    view.setUint32(at + 8, caplen, le);
    view.setUint32(at + 12, wireLen, le);
    return at + RECORD_HEADER_BYTES;
  }

  /** Writes buffered records to the file. */
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
