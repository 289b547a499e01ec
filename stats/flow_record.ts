/**
 * Where `FlowTable` keeps each flow: a hot record of two cache lines holding everything a packet
 * of a known flow reads or writes, key included, and a cold record for what only a flow's first
 * packet in a clock period (or a query) needs.
 *
 * A packet of a known flow then costs the index slot plus the two lines of its hot record: the
 * key compare that finds the flow pulls in the line its packet counters are on. Both record
 * arrays sit in cache-line-aligned memory (`alignedBuffer`), so no record straddles a line.
 */

import { RATE_HEAD_WORDS } from "./window_rates.ts";
import { FLOW_KEY_WORDS } from "../capture/packet_keys.ts";
import { alignedBuffer, CACHE_LINE_BYTES } from "./aligned_buffer.ts";

/** Float64 words per hot record: 128 bytes, two cache lines. */
export const HOT_WORDS = 16;
/** Int32 (and Uint32) words per hot record. */
export const HOT_INTS = HOT_WORDS * 2;
/** Int32 words per Float64 word. */
export const INTS_PER_WORD = 2;

// Line 0: the key the index compares, then the packet counters.
/** The flow key's `FLOW_KEY_WORDS` Uint32 words start the record (Float64 words 0-4). */
export const KEY_INTS = 0;
/** Packets A->B, then B->A. */
export const PACKETS = 5;
/**
 * An Int32 pair. First the TCP word: `FlowState | finBits << 8` (as `nextTcpState()` returns
 * it) `| tcpFlags << 16`, with `A_IS_LOW` set when direction A's source is the key's low side.
 * Then the flow's `FlowChanges` entry + 1 (0: none, its hosts are up to date).
 */
export const TCP_SIDE = 7;
/** Int32 index, within the `TCP_SIDE` word, of the flow's `FlowChanges` entry + 1. */
export const CHANGES_REF_INT = 1;
export const STATE_BITS = 0xffff;
export const FLAGS_SHIFT = 16;
/** TCP flags take 9 bits (FIN..NS, RFC 3540); the mask leaves `A_IS_LOW` out. */
export const FLAGS_MASK = 0x1ff;
export const A_IS_LOW = 1 << 30;

// Line 1: bytes, times, and the rate head (`WindowRates`).
/** Bytes A->B, then B->A. */
export const BYTES = 8;
/** Timestamp (epoch ms) of the latest packet. */
export const LAST_MS = 10;
/** Engine clock ms of the flow's last packet: the idle timeout's measure. */
export const TOUCHED_AT = 11;
export const RATE_HEAD = 12;

/** Float64 words per cold record: 32 bytes, so one never straddles a line. */
export const COLD_WORDS = 4;
/** Timestamp (epoch ms) of the earliest packet: read only when a packet is older than the last. */
export const FIRST_MS = 0;
/** Engine clock ms when the flow last took its place at the recency queue's newest end. */
export const QUEUED_AT = 1;
/**
 * The host table ids of the low and high side and their generations (`HostTable.generation`),
 * as Int32 pairs in one Float64 word each: they let the engine count both hosts of a known flow
 * without hashing and looking up their keys.
 */
export const HOST_REF = 2; // + side

if (
  RATE_HEAD + RATE_HEAD_WORDS > HOT_WORDS || FLOW_KEY_WORDS > PACKETS * INTS_PER_WORD ||
  HOT_WORDS * 8 % CACHE_LINE_BYTES !== 0 || CACHE_LINE_BYTES % (COLD_WORDS * 8) !== 0
) {
  throw new Error("Cannot lay out flow records: the fields do not fit their cache lines");
}

const BYTES_PER_WORD = 8;

/** The records of `capacity` flows and what reading one field of a flow takes. */
export class FlowRecords {
  /** Hot records, `HOT_WORDS` per flow, with Int32 and Uint32 (key) views of the same bytes. */
  protected readonly rec: Float64Array;
  protected readonly ints: Int32Array;
  protected readonly keyWords: Uint32Array;
  /** Cold records, `COLD_WORDS` per flow, and an Int32 view for the host references. */
  protected readonly cold: Float64Array;
  protected readonly coldInts: Int32Array;

  constructor(capacity: number) {
    const hot = alignedBuffer(capacity * HOT_WORDS * BYTES_PER_WORD);
    this.rec = new Float64Array(hot, 0, capacity * HOT_WORDS);
    this.ints = new Int32Array(hot, 0, capacity * HOT_INTS);
    this.keyWords = new Uint32Array(hot, KEY_INTS * 4, capacity * HOT_INTS);
    const cold = alignedBuffer(capacity * COLD_WORDS * BYTES_PER_WORD);
    this.cold = new Float64Array(cold, 0, capacity * COLD_WORDS);
    this.coldInts = new Int32Array(cold, 0, capacity * COLD_WORDS * INTS_PER_WORD);
  }

  /** Packets and bytes of flow `id` in direction `dir` (0: A->B, 1: B->A). */
  packets(id: number, dir: number): number {
    return this.rec[id * HOT_WORDS + PACKETS + dir]!;
  }
  bytes(id: number, dir: number): number {
    return this.rec[id * HOT_WORDS + BYTES + dir]!;
  }

  /** Timestamps (epoch ms) of the first and last packet of flow `id`. */
  firstMs(id: number): number {
    return this.cold[id * COLD_WORDS + FIRST_MS]!;
  }
  lastMs(id: number): number {
    return this.rec[id * HOT_WORDS + LAST_MS]!;
  }

  /** True when direction A (the first packet's source) is the low side of the key. */
  aIsLow(id: number): boolean {
    return (this.tcpWord(id) & A_IS_LOW) !== 0;
  }

  /** OR of every TCP flag seen on flow `id`. */
  tcpFlags(id: number): number {
    return (this.tcpWord(id) >>> FLAGS_SHIFT) & FLAGS_MASK;
  }

  /** `FlowState` of flow `id`. */
  state(id: number): number {
    return this.tcpWord(id) & 0xff;
  }

  /** Host table id remembered for the low (0) or high (1) side of flow `id`, or -1. */
  hostId(id: number, side: number): number {
    return this.coldInts[(id * COLD_WORDS + HOST_REF + side) * INTS_PER_WORD]!;
  }
  /** The host generation remembered with `hostId()`. */
  hostGeneration(id: number, side: number): number {
    return this.coldInts[(id * COLD_WORDS + HOST_REF + side) * INTS_PER_WORD + 1]!;
  }
  /** Remember the host id and generation of one side of flow `id`. */
  setHost(id: number, side: number, hostId: number, generation: number): void {
    const at = (id * COLD_WORDS + HOST_REF + side) * INTS_PER_WORD;
    this.coldInts[at] = hostId;
    this.coldInts[at + 1] = generation;
  }

  protected tcpWord(id: number): number {
    return this.ints[(id * HOT_WORDS + TCP_SIDE) * INTS_PER_WORD]!;
  }
}
