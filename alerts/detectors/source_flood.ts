/**
 * Source flood: one source sends unsolicited packets (UDP that answers nothing, ICMP, TCP without
 * ACK) at a high rate, holding a large share of the window's packets. Judged on the shared
 * `SourceWindow` every second (after a few seconds) and when the window ends.
 */
import type { AlertOptions } from "../alert_options.ts";
import { hostSubject, type Report } from "../finding.ts";
import { EARLY_MIN_SECONDS, F, type SourceWindow, STRIDE } from "../source_window.ts";

const REPORTED = 1;

export function judgeSourceFloods(
  o: AlertOptions["sourceFlood"],
  w: SourceWindow,
  seconds: number,
  nowMs: number,
  report: Report,
  closing: boolean,
): void {
  // Before the window closes a rate needs a few seconds behind it: one busy second is no flood.
  if (!closing && seconds < EARLY_MIN_SECONDS) return;
  for (let s = 0; s < w.slots.size; s++) {
    const sent = w.counts[s * STRIDE + F.unsolicited]!;
    const pps = sent / seconds;
    if (pps < o.minPps) continue;
    const share = w.totalPackets > 0 ? w.counts[s * STRIDE + F.packets]! / w.totalPackets : 0;
    if (share < o.minShare) continue;
    if (!closing && (w.counts[s * STRIDE + F.reported]! & REPORTED) !== 0) continue;
    w.counts[s * STRIDE + F.reported]! |= REPORTED;
    const source = w.slots.addressText(s, 0);
    const udp = w.counts[s * STRIDE + F.udp]!;
    const icmp = w.counts[s * STRIDE + F.icmp]!;
    const tcp = sent - udp - icmp;
    const protocol = udp >= icmp && udp >= tcp ? "UDP" : icmp >= tcp ? "ICMP" : "TCP";
    report({
      rule: "source_flood",
      severity: "critical",
      subject: hostSubject(source),
      message: `${source} flooded ${Math.round(pps)} ${protocol} packets/s, ` +
        `${(share * 100).toFixed(0)}% of all packets, none of them answers`,
      evidence: {
        source,
        protocol,
        packetsPerSecond: Math.round(pps),
        share: Math.round(share * 1000) / 1000,
        udp,
        icmp,
        tcp,
        windowSec: Math.round(seconds),
      },
      timeMs: nowMs,
    });
  }
}
