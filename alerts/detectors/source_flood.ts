/**
 * Source flood: one source sends unsolicited packets (UDP, ICMP, TCP without ACK) at a high
 * rate, holding a large share of the window's packets, and gets (almost) nothing back. Judged
 * on the shared `SourceWindow` when it ends.
 */
import type { AlertOptions } from "../alert_options.ts";
import { hostSubject, type Report } from "../finding.ts";
import { EARLY_MIN_SECONDS, type SourceWindow } from "../source_window.ts";

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
    const sent = w.unsolicited[s]!;
    const pps = sent / seconds;
    if (pps < o.minPps) continue;
    const share = w.totalPackets > 0 ? w.packets[s]! / w.totalPackets : 0;
    if (share < o.minShare) continue;
    const received = w.received[s]!;
    if (received * o.minUnansweredRatio > sent) continue;
    if (!closing && (w.reported[s]! & REPORTED) !== 0) continue;
    w.reported[s]! |= REPORTED;
    const source = w.slots.addressText(s, 0);
    const udp = w.udp[s]!;
    const icmp = w.icmp[s]!;
    const tcp = sent - udp - icmp;
    const protocol = udp >= icmp && udp >= tcp ? "UDP" : icmp >= tcp ? "ICMP" : "TCP";
    report({
      rule: "source_flood",
      severity: "critical",
      subject: hostSubject(source),
      message: `${source} flooded ${Math.round(pps)} ${protocol} packets/s, ` +
        `${(share * 100).toFixed(0)}% of all packets, ${received} received back`,
      evidence: {
        source,
        protocol,
        packetsPerSecond: Math.round(pps),
        share: Math.round(share * 1000) / 1000,
        udp,
        icmp,
        tcp,
        received,
        windowSec: Math.round(seconds),
      },
      timeMs: nowMs,
    });
  }
}
