/**
 * Per-source counters over one window (`hostWindow.windowMs`), shared by the flood detectors
 * and the anomaly model's features: one table lookup per IP packet serves them all.
 *
 * "Unsolicited" packets are those that open or need no conversation: UDP, ICMP, and TCP
 * without ACK. A flood is made of them; a bulk download is not (its TCP segments carry ACK).
 */
import { AddressSlots } from "./address_slots.ts";

/**
 * Sources counted per window. Past it new sources are not counted (`refused` says how many):
 * the busiest sources of a window are usually seen early in it, and a flood of spoofed sources
 * is judged by the SYN flood detector per target instead.
 */
export const SOURCE_CAP = 16_384;
/** Seconds a window must have run before a flood is judged ahead of its close. */
export const EARLY_MIN_SECONDS = 3;

export class SourceWindow {
  readonly slots = new AddressSlots(SOURCE_CAP, 1);
  readonly packets = new Float64Array(SOURCE_CAP);
  readonly bytes = new Float64Array(SOURCE_CAP);
  readonly unsolicited = new Float64Array(SOURCE_CAP);
  /** Packets of any kind this source received while it was counted. */
  readonly received = new Float64Array(SOURCE_CAP);
  readonly udp = new Float64Array(SOURCE_CAP);
  readonly icmp = new Float64Array(SOURCE_CAP);
  readonly echoRequests = new Float64Array(SOURCE_CAP);
  readonly tcp = new Float64Array(SOURCE_CAP);
  /** TCP segments with SYN and without ACK: connection attempts. */
  readonly syns = new Float64Array(SOURCE_CAP);
  readonly dnsQueries = new Float64Array(SOURCE_CAP);
  /** DNS queries of at least `largeQueryBytes`: data-carrying names are long. */
  readonly largeDnsQueries = new Float64Array(SOURCE_CAP);
  /** New (target, port) probes: connection attempts to a target and port not tried before. */
  readonly newTargets = new Float64Array(SOURCE_CAP);
  /** Bit set of the flood rules already reported for this source in this window. */
  readonly reported = new Uint8Array(SOURCE_CAP);
  /** Every packet of the window, counted or not. */
  totalPackets = 0;

  /** The slot of the source `key`, created and zeroed when new; -1 when the table is full. */
  source(key: number, address: Uint8Array, len: number): number {
    const slots = this.slots;
    const s = slots.find(key);
    if (s >= 0 && slots.created) {
      slots.setAddress(s, 0, address, len);
      this.packets[s] = 0;
      this.bytes[s] = 0;
      this.unsolicited[s] = 0;
      this.received[s] = 0;
      this.udp[s] = 0;
      this.icmp[s] = 0;
      this.echoRequests[s] = 0;
      this.tcp[s] = 0;
      this.syns[s] = 0;
      this.dnsQueries[s] = 0;
      this.largeDnsQueries[s] = 0;
      this.newTargets[s] = 0;
      this.reported[s] = 0;
    }
    return s;
  }

  clear(): void {
    this.slots.clear();
    this.totalPackets = 0;
  }
}
