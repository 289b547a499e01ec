/**
 * `--keep SIZE`: the packets that passed the capture filter, whole (up to caplen) with their
 * timestamps, lengths and link type, in a bounded byte ring shared between the capture worker
 * (the only writer) and the main thread (which reads it for `GET /api/pcap`).
 *
 * Why a SharedArrayBuffer and not a copy kept in the worker and asked for by message: the worker
 * runs a synchronous loop that never yields to its event loop while packets flow, so it could
 * not answer a request without a check per packet; shared memory lets the main thread stream a
 * download at its own pace while the worker keeps writing, at the price of checking sequence
 * numbers to notice the records the worker overwrote meanwhile.
 *
 * Layout: `CONTROL_WORDS` 32-bit control words, then the data area. Each record is
 * `RECORD_HEADER_BYTES` of 32-bit words (sequence number, record length, link type, seconds,
 * nanoseconds, caplen, wire length) and the frame's bytes padded to a whole word. A record never
 * straddles the end of the data area: when the next one does not fit, a wrap marker (record
 * length 0) or, with less room than a header left, nothing at all sends readers back to 0.
 *
 * Ordering (the reader's consistency check relies on it): the writer moves the tail past the
 * records it is about to overwrite, and stores the tail's sequence number, before writing a
 * single byte over them; it stores the head's sequence number only after a record is complete.
 * A reader that copies a record and then still sees the tail at or before it copied it whole.
 */

/** Control word indexes (Int32Array over the buffer's first bytes). */
export const KeepControl = {
  /** Sequence number of the next record written (wraps as an int32). */
  headSeq: 0,
  /** Byte offset in the data area where the next record goes. */
  headOffset: 1,
  /** Sequence number of the oldest record still whole; equal to `headSeq` when empty. */
  tailSeq: 2,
  /** Byte offset of that record. */
  tailOffset: 3,
  /** Packets never kept: bigger than the whole ring. */
  tooBig: 4,
  /** The newest record's timestamp: "the last N seconds" count back from it. */
  newestSec: 5,
  newestNsec: 6,
  /**
   * Odd while the writer changes the tail's pair (offset, sequence number): a reader reads the
   * pair between two equal, even values, so the two belong together.
   */
  tailVersion: 7,
} as const;

export const CONTROL_WORDS = 8;
export const CONTROL_BYTES = CONTROL_WORDS * 4;

/** Record header word indexes, relative to the record's first word. */
export const RecordWord = {
  seq: 0,
  length: 1,
  linkType: 2,
  tsSec: 3,
  tsNsec: 4,
  caplen: 5,
  wireLen: 6,
} as const;

export const RECORD_HEADER_BYTES = 28;

/**
 * Smallest `--keep`: 1 MiB holds a few hundred full-size Ethernet frames. Anything less would
 * keep too few packets to be worth a download.
 */
export const MIN_KEEP_BYTES = 1_048_576;
/**
 * Largest `--keep`: 1 GiB. Offsets are 32-bit words in the control block, and a ring this size
 * is already resident memory a user must decide to give (the ring is allocated at start, whole).
 */
export const MAX_KEEP_BYTES = 1_073_741_824;

/** Bytes a record of `caplen` frame bytes takes in the data area. */
export function recordBytes(caplen: number): number {
  return RECORD_HEADER_BYTES + ((caplen + 3) & ~3);
}

/** A new ring's buffer: `dataBytes` (rounded down to whole words) of packet data. */
export function createKeepBuffer(dataBytes: number): SharedArrayBuffer {
  if (!Number.isInteger(dataBytes) || dataBytes < RECORD_HEADER_BYTES * 2) {
    throw new RangeError(`Cannot keep packets in ${dataBytes} bytes: too small`);
  }
  return new SharedArrayBuffer(CONTROL_BYTES + (dataBytes & ~3));
}

/** Bytes of packet data a ring's buffer holds. */
export function dataBytesOf(buffer: SharedArrayBuffer): number {
  return buffer.byteLength - CONTROL_BYTES;
}
