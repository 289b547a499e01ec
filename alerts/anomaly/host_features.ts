/**
 * The per-host features the anomaly model sees, one row per source per window
 * (`hostWindow.windowMs`), from the shared `SourceWindow`. Rates and counts are log-scaled
 * (log1p): a host's traffic spans orders of magnitude, and a tree split on the raw value would
 * spend its depth on the few busiest hosts.
 */
import type { SourceWindow } from "../source_window.ts";

export const FEATURE_NAMES = [
  /** log1p of packets sent per second. */
  "packetsPerSecond",
  /** log1p of bytes sent per second. */
  "bytesPerSecond",
  /** log1p of distinct (target, port) pairs it opened or probed (TCP SYN, UDP) in the window. */
  "newTargets",
  /** log1p of unsolicited packets per second (UDP, ICMP, TCP without ACK). */
  "unsolicitedPerSecond",
  /** SYNs without ACK over TCP segments sent: near 1 for a scanner or a SYN flooder. */
  "synRatio",
  /** Mean size of the packets it sent, over 1500. */
  "meanPacketSize",
  /** log1p of DNS queries sent per second. */
  "dnsQueriesPerSecond",
  /** Share of its packets that are ICMP. */
  "icmpShare",
] as const;

export const FEATURES = FEATURE_NAMES.length;

/** Fill `out` with source `s`'s features for a window of `seconds`. */
export function hostFeatures(w: SourceWindow, s: number, seconds: number, out: Float64Array) {
  const packets = w.packets[s]!;
  const tcp = w.tcp[s]!;
  out[0] = Math.log1p(packets / seconds);
  out[1] = Math.log1p(w.bytes[s]! / seconds);
  out[2] = Math.log1p(w.newTargets[s]!);
  out[3] = Math.log1p(w.unsolicited[s]! / seconds);
  out[4] = tcp > 0 ? w.syns[s]! / tcp : 0;
  out[5] = packets > 0 ? w.bytes[s]! / packets / 1500 : 0;
  out[6] = Math.log1p(w.dnsQueries[s]! / seconds);
  out[7] = packets > 0 ? w.icmp[s]! / packets : 0;
}
