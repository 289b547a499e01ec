/**
 * Per-source counters over one window (`hostWindow.windowMs`), shared by the flood detectors
 * and the anomaly model's features: one table lookup per counted packet serves them all.
 *
 * Only "unsolicited" packets are counted here, those that open or need no conversation: UDP that
 * answers nothing, ICMP, and TCP without ACK. A flood is made of them; the segments of
 * established connections (most traffic) never touch this table.
 *
 * A source's counters sit side by side (`counts[slot * STRIDE + field]`): counting a packet
 * touches one or two cache lines, not one per counter.
 */
import { AddressSlots } from "./address_slots.ts";

/**
 * Sources counted per window. Past it new sources are not counted (`refused` says how many):
 * the busiest sources of a window are usually seen early in it, and a flood of spoofed sources
 * is judged by the SYN flood detector per target instead.
 */
export const SOURCE_CAP = 8192;
/** Seconds a window must have run before a flood is judged ahead of its close. */
export const EARLY_MIN_SECONDS = 3;

/** The counters of one source, by offset. */
export const F = {
  packets: 0,
  bytes: 1,
  unsolicited: 2,
  udp: 3,
  icmp: 4,
  echoRequests: 5,
  tcp: 6,
  /** TCP segments with SYN and without ACK: connection attempts. */
  syns: 7,
  dnsQueries: 8,
  /** DNS queries of at least `largeQueryBytes`: data-carrying names are long. */
  largeDnsQueries: 9,
  /** New (target, port) probes: connection attempts to a target and port not tried before. */
  newTargets: 10,
  /** Bit set of the flood rules already reported for this source in this window. */
  reported: 11,
} as const;
/** Numbers per source (96 bytes). */
export const STRIDE = 12;

export class SourceWindow {
  readonly slots = new AddressSlots(SOURCE_CAP, 1);
  readonly counts = new Float64Array(SOURCE_CAP * STRIDE);
  /** Every IP packet of the window, counted or not. */
  totalPackets = 0;

  /** The slot of the source `key`, created and zeroed when new; -1 when the table is full. */
  source(key: number, address: Uint8Array, len: number): number {
    const slots = this.slots;
    const s = slots.find(key);
    if (s >= 0 && slots.created) {
      slots.setAddress(s, 0, address, len);
      this.counts.fill(0, s * STRIDE, s * STRIDE + STRIDE);
    }
    return s;
  }

  /** Counter `field` of slot `s` (0 for -1, a source not counted). */
  get(s: number, field: number): number {
    return s >= 0 ? this.counts[s * STRIDE + field]! : 0;
  }

  clear(): void {
    this.slots.clear();
    this.totalPackets = 0;
  }
}
