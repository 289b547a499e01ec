/**
 * The protocol doughnut's slices: every frame in exactly one slice, by its outermost protocol
 * (the same split as /stats `outerL3` and `outerL4`), so the slices add up to `packets`.
 */

import type { StatsSnapshot } from "../../stats/snapshot.ts";

export interface ProtocolSlice {
  /** Color key (styles/theme.css `--c-KEY`) and test id. */
  key: string;
  label: string;
  packets: number;
  bytes: number;
}

export function protocolSlices(s: StatsSnapshot): ProtocolSlice[] {
  const l4 = s.outerL4;
  const l4b = s.outerL4Bytes;
  const l3 = s.outerL3;
  const l3b = s.outerL3Bytes;
  return [
    { key: "tcp", label: "TCP", packets: l4.tcp, bytes: l4b.tcp },
    { key: "udp", label: "UDP", packets: l4.udp, bytes: l4b.udp },
    { key: "icmp", label: "ICMP", packets: l4.icmp, bytes: l4b.icmp },
    { key: "icmpv6", label: "ICMPv6", packets: l4.icmpv6, bytes: l4b.icmpv6 },
    { key: "other-ip", label: "Other IP", packets: l4.other, bytes: l4b.other },
    { key: "arp", label: "ARP", packets: l3.arp, bytes: l3b.arp },
    { key: "non-ip", label: "Other (not IP)", packets: l3.other, bytes: l3b.other },
  ];
}
