/**
 * ICMP flood: one source sends echo requests (ICMP type 8, ICMPv6 type 128) at a high rate,
 * answered or not (a ping flood that the target answers still fills the link twice). Judged on
 * the shared `SourceWindow` when it ends.
 */
import type { AlertOptions } from "../alert_options.ts";
import { hostSubject, type Report } from "../finding.ts";
import { EARLY_MIN_SECONDS, F, type SourceWindow, STRIDE } from "../source_window.ts";

const REPORTED = 2;

export function judgeIcmpFloods(
  o: AlertOptions["icmpFlood"],
  w: SourceWindow,
  seconds: number,
  nowMs: number,
  report: Report,
  closing: boolean,
): void {
  // Before the window closes a rate needs a few seconds behind it: one busy second is no flood.
  if (!closing && seconds < EARLY_MIN_SECONDS) return;
  for (let s = 0; s < w.slots.size; s++) {
    const echoes = w.counts[s * STRIDE + F.echoRequests]!;
    const pps = echoes / seconds;
    if (pps < o.minPps) continue;
    if (!closing && (w.counts[s * STRIDE + F.reported]! & REPORTED) !== 0) continue;
    w.counts[s * STRIDE + F.reported]! |= REPORTED;
    const source = w.slots.addressText(s, 0);
    report({
      rule: "icmp_flood",
      severity: "warning",
      subject: hostSubject(source),
      message: `${source} sent ${Math.round(pps)} ICMP echo requests/s`,
      evidence: {
        source,
        echoRequests: echoes,
        packetsPerSecond: Math.round(pps),
        bytes: w.counts[s * STRIDE + F.bytes]!,
        windowSec: Math.round(seconds),
      },
      timeMs: nowMs,
    });
  }
}
