/**
 * The per-host features the anomaly model sees, one row per source per window
 * (`hostWindow.windowMs`), from the shared `SourceWindow`. Rates and counts are log-scaled
 * (log1p): a host's traffic spans orders of magnitude, and a tree split on the raw value would
 * spend its depth on the few busiest hosts.
 */
import { F, type SourceWindow } from "../source_window.ts";

export const FEATURE_NAMES = [
  /** log1p of packets sent per second. */
  "packetsPerSecond",
  /** log1p of bytes sent per second. */
  "bytesPerSecond",
  /** log1p of distinct (target, port) pairs it opened or probed (TCP SYN, UDP) in the window. */
  "newTargets",
  /** log1p of unsolicited packets per second (UDP, ICMP, TCP without ACK). */
  "unsolicitedPerSecond",
  /** SYNs without ACK over packets sent: near 1 for a scanner or a SYN flooder. */
  "synRatio",
  /** Mean size of the packets it sent, over 1500. */
  "meanPacketSize",
  /** log1p of DNS queries sent per second. */
  "dnsQueriesPerSecond",
  /** Share of its packets that are ICMP. */
  "icmpShare",
] as const;

export const FEATURES = FEATURE_NAMES.length;

/**
 * Fill `out` with a host's features for a window of `seconds`: it sent `packets` and `bytes`,
 * and `s` is its slot in the window's counts (-1 when it sent nothing unsolicited).
 */
export function hostFeatures(
  w: SourceWindow,
  s: number,
  seconds: number,
  packets: number,
  bytes: number,
  out: Float64Array,
) {
  out[0] = Math.log1p(packets / seconds);
  out[1] = Math.log1p(bytes / seconds);
  out[2] = Math.log1p(w.get(s, F.newTargets));
  out[3] = Math.log1p(w.get(s, F.unsolicited) / seconds);
  out[4] = packets > 0 ? Math.min(1, w.get(s, F.syns) / packets) : 0;
  out[5] = packets > 0 ? bytes / packets / 1500 : 0;
  out[6] = Math.log1p(w.get(s, F.dnsQueries) / seconds);
  out[7] = packets > 0 ? Math.min(1, w.get(s, F.icmp) / packets) : 0;
}
