/**
 * Packet and byte counts per time bucket in fixed rings, per traffic family, for the rate charts.
 *
 * One ring per resolution (1 s for the last hour, 1 min for the last day). Buckets are absolute
 * numbers (`floor(time / resolution)`), so a bucket's slot is `bucket % slots` and nothing is
 * shifted. Moving forward zeroes the skipped slots (at most one full ring, however long the
 * gap), and a packet older than the ring is counted in `late` instead of landing in a slot that
 * now belongs to a newer bucket; a late packet still inside the ring lands in its own bucket.
 * No allocation after construction.
 */

import { type DecodedPacket, L3, L4 } from "../capture/decode/packet.ts";

/** Families charted separately; "total" is every frame. ICMPv6 counts under "icmp". */
export const SERIES_FAMILIES = ["total", "tcp", "udp", "icmp", "other-ip", "non-ip"] as const;
export type SeriesFamily = typeof SERIES_FAMILIES[number];
export const Family = { total: 0, tcp: 1, udp: 2, icmp: 3, otherIp: 4, nonIp: 5 } as const;
const FAMILIES = SERIES_FAMILIES.length;

/** The series family of a packet: its transport over IP, or non-IP. */
export function familyOf(p: DecodedPacket): number {
  if (p.l3 !== L3.ipv4 && p.l3 !== L3.ipv6) return Family.nonIp;
  switch (p.l4) {
    case L4.tcp:
      return Family.tcp;
    case L4.udp:
      return Family.udp;
    case L4.icmp:
    case L4.icmpv6:
      return Family.icmp;
    default:
      return Family.otherIp;
  }
}

/** One hour of 1-second buckets: the live chart's longest fine-grained view. */
export const SECOND_SLOTS = 3600;
/** 24 hours of 1-minute buckets: the daily view. */
export const MINUTE_SLOTS = 1440;

/** A window of the series as plain arrays, oldest bucket first. */
export interface SeriesData {
  resolutionMs: number;
  /** Epoch ms of the first bucket's start. */
  startMs: number;
  /** Number of buckets in each array. */
  buckets: number;
  /** Packets per second and bits per second, averaged over each bucket, per family. */
  pps: Record<SeriesFamily, number[]>;
  bps: Record<SeriesFamily, number[]>;
  /** Packets too old for the ring when they arrived (out-of-order files). */
  late: number;
}

export class RateSeries {
  readonly slots: number;
  readonly resolutionMs: number;
  /** Epoch ms that bucket 0 starts at: 0 for packet time, the capture start for wall time. */
  originMs: number;
  readonly #packets: Float64Array;
  readonly #bytes: Float64Array;
  /** Newest bucket number; -Infinity before the first. */
  #head = -Infinity;
  #late = 0;
  #peakPackets = 0;
  #peakBytes = 0;
  /** The bucket of the last `add()` and its first word: packets come in runs of one bucket. */
  #lastBucket = -Infinity;
  #lastBase = 0;

  constructor(slots: number, resolutionMs: number, originMs = 0) {
    if (!Number.isInteger(slots) || slots < 1) {
      throw new RangeError(
        `Cannot create rate series: slots must be a positive integer, got ${slots}`,
      );
    }
    this.slots = slots;
    this.resolutionMs = resolutionMs;
    this.originMs = originMs;
    this.#packets = new Float64Array(slots * FAMILIES);
    this.#bytes = new Float64Array(slots * FAMILIES);
  }

  /** Newest bucket number, or -Infinity when nothing has been recorded. */
  get head(): number {
    return this.#head;
  }

  /** Packets that arrived older than the ring. */
  get late(): number {
    return this.#late;
  }

  /** Highest packet and byte count of any one bucket (all families). */
  get peakPackets(): number {
    return this.#peakPackets;
  }
  get peakBytes(): number {
    return this.#peakBytes;
  }

  /** Make `bucket` the newest, zeroing every slot skipped on the way. Never moves backwards. */
  advanceTo(bucket: number): void {
    const head = this.#head;
    if (bucket <= head) return;
    if (bucket - head >= this.slots) {
      this.#packets.fill(0);
      this.#bytes.fill(0);
    } else {
      for (let b = head + 1; b <= bucket; b++) this.#zero(this.#slotOf(b));
    }
    this.#head = bucket;
  }

  /** Count one packet of `bytes` in `bucket` under `family` (and under total). */
  add(bucket: number, family: number, bytes: number): void {
    if (bucket > this.#head) this.advanceTo(bucket);
    else if (bucket <= this.#head - this.slots || bucket < 0) {
      this.#late++;
      return;
    }
    let base = this.#lastBase;
    if (bucket !== this.#lastBucket) {
      base = this.#lastBase = this.#slotOf(bucket) * FAMILIES;
      this.#lastBucket = bucket;
    }
    const p = this.#packets[base]! + 1;
    const b = this.#bytes[base]! + bytes;
    this.#packets[base] = p;
    this.#bytes[base] = b;
    this.#packets[base + family] = this.#packets[base + family]! + 1;
    this.#bytes[base + family] = this.#bytes[base + family]! + bytes;
    if (p > this.#peakPackets) this.#peakPackets = p;
    if (b > this.#peakBytes) this.#peakBytes = b;
  }

  /**
   * Count `packets` packets of `bytes` bytes in all in `bucket` under `family`, as a flow record
   * reports them. Not the packet path: `add()` is.
   */
  addMany(bucket: number, family: number, packets: number, bytes: number): void {
    if (bucket > this.#head) this.advanceTo(bucket);
    else if (bucket <= this.#head - this.slots || bucket < 0) {
      this.#late += packets;
      return;
    }
    const base = this.#slotOf(bucket) * FAMILIES;
    const p = this.#packets[base]! + packets;
    const b = this.#bytes[base]! + bytes;
    this.#packets[base] = p;
    this.#bytes[base] = b;
    this.#packets[base + family] = this.#packets[base + family]! + packets;
    this.#bytes[base + family] = this.#bytes[base + family]! + bytes;
    if (p > this.#peakPackets) this.#peakPackets = p;
    if (b > this.#peakBytes) this.#peakBytes = b;
  }

  /** Packets and bytes of `bucket` for `family` (0 when outside the ring). */
  packetsAt(bucket: number, family = 0): number {
    if (!this.#holds(bucket)) return 0;
    return this.#packets[this.#slotOf(bucket) * FAMILIES + family]!;
  }
  bytesAt(bucket: number, family = 0): number {
    if (!this.#holds(bucket)) return 0;
    return this.#bytes[this.#slotOf(bucket) * FAMILIES + family]!;
  }

  /**
   * The last `count` buckets up to the newest (capped at the ring), as rates. With the wall
   * clock the newest bucket is the one still filling.
   */
  read(count = this.slots): SeriesData {
    const n = Number.isFinite(this.#head)
      ? Math.max(0, Math.min(Math.floor(count), this.slots))
      : 0;
    const first = n > 0 ? this.#head - n + 1 : 0;
    const secs = this.resolutionMs / 1000;
    const pps = {} as Record<SeriesFamily, number[]>;
    const bps = {} as Record<SeriesFamily, number[]>;
    SERIES_FAMILIES.forEach((name, f) => {
      const p: number[] = [];
      const b: number[] = [];
      for (let bucket = first; bucket < first + n; bucket++) {
        p.push(this.packetsAt(bucket, f) / secs);
        b.push((this.bytesAt(bucket, f) * 8) / secs);
      }
      pps[name] = p;
      bps[name] = b;
    });
    return {
      resolutionMs: this.resolutionMs,
      startMs: this.originMs + first * this.resolutionMs,
      buckets: n,
      pps,
      bps,
      late: this.#late,
    };
  }

  /** Forget everything, keeping the buffers. */
  clear(): void {
    this.#packets.fill(0);
    this.#bytes.fill(0);
    this.#head = -Infinity;
    this.#late = 0;
    this.#peakPackets = 0;
    this.#peakBytes = 0;
    this.#lastBucket = -Infinity;
  }

  /**
   * Slot of `bucket` (0 or more). Second buckets of packet time are epoch seconds, past 2^30,
   * where `%` on a JavaScript number is a floating-point remainder; as an unsigned 32-bit
   * integer (pcap timestamps are unsigned 32-bit seconds) it is an integer division.
   */
  #slotOf(bucket: number): number {
    return (bucket >>> 0) % this.slots;
  }

  #holds(bucket: number): boolean {
    return bucket <= this.#head && bucket > this.#head - this.slots && bucket >= 0;
  }

  #zero(slot: number): void {
    const base = slot * FAMILIES;
    for (let f = 0; f < FAMILIES; f++) {
      this.#packets[base + f] = 0;
      this.#bytes[base + f] = 0;
    }
  }
}
