/**
 * One program's traffic: bytes and packets it sent (up) and received (down) on the flows whose
 * local side it holds, with rates over the 2, 10 and 40 seconds that flows report, as bandwhich
 * shows them.
 */

import type { ProcessInfo } from "./socket_owners.ts";

/** The rate windows, in seconds, as flows have them (`RATE_WINDOWS`). */
export const PROCESS_RATE_WINDOWS = [2, 10, 40] as const;
/** Seconds of cumulative counts kept: the longest window and the second it starts from. */
const RING_SECONDS = 41;
const UP = 0;
const DOWN = 1;

/** A process's row in `/api/processes` and `/stats`. */
export interface ProcessRow {
  pid: number;
  name: string;
  cmdline: string;
  user: string;
  uid: number;
  upBytes: number;
  downBytes: number;
  upPackets: number;
  downPackets: number;
  /** Bits per second sent and received over the last 2, 10 and 40 seconds. */
  upBps: [number, number, number];
  downBps: [number, number, number];
  /** Live flows it holds now, and flows ever attributed to it. */
  flows: number;
  totalFlows: number;
  lastSeenMs: number;
}

export class ProcessAccount {
  readonly info: ProcessInfo;
  readonly user: string;
  upBytes = 0;
  downBytes = 0;
  upPackets = 0;
  downPackets = 0;
  /** Live flows counted in the pass under way, and in the last finished pass. */
  flowsCounting = 0;
  flows = 0;
  totalFlows = 0;
  lastSeenMs = 0;
  /** Cumulative up and down bytes at the end of each of the last `RING_SECONDS` seconds. */
  readonly #ring = new Float64Array(RING_SECONDS * 2);
  #second: number;

  constructor(info: ProcessInfo, user: string, nowSec: number) {
    this.info = info;
    this.user = user;
    this.#second = nowSec - 1;
  }

  /** Record the cumulative counts as of second `sec`, carrying them over skipped seconds. */
  closeSecond(sec: number): void {
    if (sec < this.#second) return;
    // The current second is written again by each pass within it; skipped ones are filled.
    for (let s = Math.max(this.#second, sec - RING_SECONDS + 1); s <= sec; s++) {
      const at = (s % RING_SECONDS) * 2;
      this.#ring[at + UP] = this.upBytes;
      this.#ring[at + DOWN] = this.downBytes;
    }
    this.#second = sec;
  }

  /** Bits per second in direction `dir` over the `window` seconds before `sec`. */
  #bps(dir: number, sec: number, window: number): number {
    const now = this.#ring[(sec % RING_SECONDS) * 2 + dir]!;
    const then = this
      .#ring[(((sec - window) % RING_SECONDS) + RING_SECONDS) % RING_SECONDS * 2 + dir]!;
    return Math.max(0, now - then) * 8 / window;
  }

  row(nowSec: number): ProcessRow {
    const rates = (dir: number) =>
      PROCESS_RATE_WINDOWS.map((w) => this.#bps(dir, nowSec, w)) as [number, number, number];
    return {
      pid: this.info.pid,
      name: this.info.name,
      cmdline: this.info.cmdline,
      user: this.user,
      uid: this.info.uid,
      upBytes: this.upBytes,
      downBytes: this.downBytes,
      upPackets: this.upPackets,
      downPackets: this.downPackets,
      upBps: rates(UP),
      downBps: rates(DOWN),
      flows: this.flows,
      totalFlows: this.totalFlows,
      lastSeenMs: this.lastSeenMs,
    };
  }
}
