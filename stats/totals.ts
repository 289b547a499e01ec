/**
 * Capture-wide totals: frames, bytes, truncation, decode errors by reason, capture drops, and
 * the time span. Timestamps are kept as (seconds, nanoseconds) integer pairs and printed as
 * "seconds.nnnnnnnnn", the form of tshark's `frame.time_epoch`, so nanosecond captures compare
 * exactly with the corpus's `first_ts`, `min_ts` and `duration` strings.
 */

import { DECODE_ERROR_NAMES, type DecodedPacket } from "../capture/decode/packet.ts";

const NS_PER_SEC = 1_000_000_000;

/** Drop counters from the capture source (pcap_stats and the worker's own backlog). */
export interface CaptureDrops {
  /** Dropped by the kernel for lack of buffer space (pcap_stat.ps_drop). */
  kernel: number;
  /** Dropped by the interface or driver (pcap_stat.ps_ifdrop). */
  ifdrop: number;
  /** Dropped by wirescope when the worker-to-main backlog was full. */
  backlog: number;
}

export interface TotalsSnapshot {
  packets: number;
  /** Sum of wire lengths (`frame.len`). */
  bytes: number;
  /** Sum of captured lengths (`frame.cap_len`). */
  bytesCaptured: number;
  /** Frames cut by the snaplen (caplen < wire length). */
  truncated: number;
  /** Frames whose decoding stopped early, in all and by `DECODE_ERROR_NAMES` reason. */
  decodeErrors: { total: number; byReason: Record<string, number> };
  drops: CaptureDrops;
  /** Timestamps of the first and last frame in arrival order, and the extremes. */
  firstTs: string | null;
  lastTs: string | null;
  minTs: string | null;
  maxTs: string | null;
  /** maxTs - minTs, exactly, as "seconds.nnnnnnnnn". */
  duration: string | null;
  durationMs: number;
  /** False once a frame arrived with an earlier timestamp than the one before it. */
  timeOrdered: boolean;
}

export class Totals {
  packets = 0;
  bytes = 0;
  bytesCaptured = 0;
  truncated = 0;
  readonly #errors = new Float64Array(DECODE_ERROR_NAMES.length);
  readonly drops: CaptureDrops = { kernel: 0, ifdrop: 0, backlog: 0 };
  #firstSec = 0;
  #firstNsec = 0;
  #lastSec = 0;
  #lastNsec = 0;
  #minSec = Infinity;
  #minNsec = 0;
  #maxSec = -Infinity;
  #maxNsec = 0;
  #timeOrdered = true;

  /** Count one frame. */
  add(p: DecodedPacket): void {
    const sec = p.tsSec;
    const nsec = p.tsNsec;
    if (this.packets === 0) {
      this.#firstSec = sec;
      this.#firstNsec = nsec;
    } else if (sec < this.#lastSec || (sec === this.#lastSec && nsec < this.#lastNsec)) {
      this.#timeOrdered = false;
    }
    this.#lastSec = sec;
    this.#lastNsec = nsec;
    if (sec < this.#minSec || (sec === this.#minSec && nsec < this.#minNsec)) {
      this.#minSec = sec;
      this.#minNsec = nsec;
    }
    if (sec > this.#maxSec || (sec === this.#maxSec && nsec > this.#maxNsec)) {
      this.#maxSec = sec;
      this.#maxNsec = nsec;
    }
    this.packets++;
    this.bytes += p.wireLen;
    this.bytesCaptured += p.caplen;
    if (p.truncated) this.truncated++;
    const e = p.error;
    if (e !== 0 && e < this.#errors.length) this.#errors[e] = this.#errors[e]! + 1;
  }

  /** Replace the drop counters with the capture source's latest cumulative values. */
  setDrops(drops: Partial<CaptureDrops>): void {
    if (drops.kernel !== undefined) this.drops.kernel = drops.kernel;
    if (drops.ifdrop !== undefined) this.drops.ifdrop = drops.ifdrop;
    if (drops.backlog !== undefined) this.drops.backlog = drops.backlog;
  }

  /** Epoch ms of the earliest frame, or null before any. */
  get minMs(): number | null {
    return this.packets === 0 ? null : this.#minSec * 1000 + this.#minNsec / 1e6;
  }

  snapshot(): TotalsSnapshot {
    const any = this.packets > 0;
    const byReason: Record<string, number> = {};
    let total = 0;
    for (let e = 1; e < this.#errors.length; e++) {
      byReason[DECODE_ERROR_NAMES[e] ?? `error ${e}`] = this.#errors[e]!;
      total += this.#errors[e]!;
    }
    let dSec = this.#maxSec - this.#minSec;
    let dNsec = this.#maxNsec - this.#minNsec;
    if (dNsec < 0) {
      dSec--;
      dNsec += NS_PER_SEC;
    }
    return {
      packets: this.packets,
      bytes: this.bytes,
      bytesCaptured: this.bytesCaptured,
      truncated: this.truncated,
      decodeErrors: { total, byReason },
      drops: { ...this.drops },
      firstTs: any ? formatTimestamp(this.#firstSec, this.#firstNsec) : null,
      lastTs: any ? formatTimestamp(this.#lastSec, this.#lastNsec) : null,
      minTs: any ? formatTimestamp(this.#minSec, this.#minNsec) : null,
      maxTs: any ? formatTimestamp(this.#maxSec, this.#maxNsec) : null,
      duration: any ? formatTimestamp(dSec, dNsec) : null,
      durationMs: any ? dSec * 1000 + dNsec / 1e6 : 0,
      timeOrdered: this.#timeOrdered,
    };
  }
}

/** "seconds.nnnnnnnnn", as tshark prints `frame.time_epoch`. */
export function formatTimestamp(sec: number, nsec: number): string {
  return `${sec}.${String(nsec).padStart(9, "0")}`;
}
