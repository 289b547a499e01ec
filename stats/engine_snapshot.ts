/**
 * The engine's snapshot: every statistic as one JSON-able object, built from the structures
 * `StatsEngine` owns. Kept apart from the engine so its hot path and its reporting each read as
 * one piece; nothing here runs per packet.
 */
import type { ConversationCounter } from "./conversation_counter.ts";
import type { FlowTable } from "./flow_table.ts";
import type { HostRow, HostTable } from "./host_table.ts";
import type { ResolvedOptions } from "./options.ts";
import type { PacketLengths } from "./packet_lengths.ts";
import type { PortTable } from "./port_table.ts";
import type { ProtocolMix } from "./protocol_mix.ts";
import type { RateSeries } from "./rate_series.ts";
import type { RecentPackets } from "./recent_packets.ts";
import type { CaptureMeta, StatsSnapshot, TalkerRow } from "./snapshot.ts";
import type { Totals, TotalsSnapshot } from "./totals.ts";

const MS_PER_SEC = 1000;

/** What a snapshot reads: the engine's structures and clock, lent for the call. */
export interface EngineState {
  options: Readonly<ResolvedOptions>;
  meta: CaptureMeta;
  totals: Totals;
  lengths: PacketLengths;
  mix: ProtocolMix;
  hosts: HostTable;
  flows: FlowTable;
  ports: PortTable;
  conversations: ConversationCounter;
  seconds: RateSeries;
  recent: RecentPackets;
  /** Engine clock: epoch ms (packet clock) or ms since the engine started (wall clock). */
  nowMs: number;
  nowSec: number;
  /** Wall-clock engines: epoch ms at their start; 0 for packet clocks. */
  originEpoch: number;
}

/** Build the snapshot of `e`; the hosts must have been folded (`FlowTable.foldHosts`). */
export function buildSnapshot(e: EngineState): StatsSnapshot {
  const packetClock = e.options.clock === "packet";
  const t = e.totals.snapshot();
  const l3 = e.mix.outerL3();
  const l4 = e.mix.outerL4();
  const n = e.options.topN;
  const hosts = e.hosts;
  const sources = hosts.top("tx-packets", n, e.nowSec);
  const destinations = hosts.top("rx-packets", n, e.nowSec);
  const conv = e.conversations.counts();
  const startedMs = e.meta.started ??
    (packetClock ? e.totals.minMs : e.originEpoch);
  const generatedMs = e.options.epochNow();
  return {
    linkType: e.meta.linkType,
    packets: t.packets,
    bytes: t.bytes,
    protocols: {
      ipv4: l3.ipv4,
      ipv6: l3.ipv6,
      arp: l3.arp,
      tcp: l4.tcp,
      udp: l4.udp,
      icmp: l4.icmp,
      icmpv6: l4.icmpv6,
      other: l3.other,
    },
    outerL3: l3,
    outerL4: l4,
    topSources: sources.map(talker),
    conversations: conv,
    conversationsExact: e.conversations.exact,
    meta: { ...e.meta },
    clock: e.options.clock,
    generatedMs,
    startedMs,
    bytesCaptured: t.bytesCaptured,
    truncated: t.truncated,
    decodeErrors: t.decodeErrors,
    drops: t.drops,
    firstTs: t.firstTs,
    lastTs: t.lastTs,
    minTs: t.minTs,
    maxTs: t.maxTs,
    duration: t.duration,
    durationMs: t.durationMs,
    timeOrdered: t.timeOrdered,
    rates: rates(e, t, generatedMs),
    outerL3Bytes: e.mix.outerL3Bytes(),
    outerL4Bytes: e.mix.outerL4Bytes(),
    ipProtocols: e.mix.ipProtocols(),
    etherTypes: e.mix.etherTypes(),
    hierarchy: e.mix.hierarchy(),
    topDestinations: destinations.map(talker),
    topSourcesByBytes: hosts.top("tx-bytes", n, e.nowSec).map(talker),
    topDestinationsByBytes: hosts.top("rx-bytes", n, e.nowSec).map(talker),
    talkers: { sources, destinations },
    distinctSources: hosts.distinctSources(),
    hosts: hosts.stats(),
    topPorts: e.ports.top(n),
    flows: flowTableSummary(e.flows),
    seriesLate: e.seconds.late,
    recentPackets: { capacity: e.recent.capacity, stored: e.recent.size },
    packetLengths: e.lengths.snapshot(),
  };
}

/** The last complete second, the busiest one, and the averages over the capture's span. */
function rates(e: EngineState, t: TotalsSnapshot, generatedMs: number): StatsSnapshot["rates"] {
  // A file lasts from its first packet to its last; a live capture from its start until now by
  // the wall clock (the engine clock only moves on whole ticks, so a capture shorter than one
  // tick would otherwise divide by nothing).
  const spanSec = e.options.clock === "packet"
    ? t.durationMs / MS_PER_SEC
    : Math.max(e.nowMs, generatedMs - e.originEpoch) / MS_PER_SEC;
  const avg = (v: number) => (spanSec > 0 ? v / spanSec : 0);
  const last = e.nowSec - 1;
  return {
    pps: e.seconds.packetsAt(last),
    bps: e.seconds.bytesAt(last) * 8,
    peakPps: e.seconds.peakPackets,
    peakBps: e.seconds.peakBytes * 8,
    avgPps: avg(t.packets),
    avgBps: avg(t.bytes * 8),
  };
}

function flowTableSummary(flows: FlowTable): StatsSnapshot["flows"] {
  return {
    active: flows.size,
    capacity: flows.index.capacity,
    created: flows.created,
    idleTimeoutMs: finiteOrNull(flows.idleTimeoutMs),
    activeTimeoutMs: finiteOrNull(flows.activeTimeoutMs),
    evicted: flows.evictions(),
  };
}

/** The oracle's `{ ip, packets, bytes }` shape of a ranked host. */
function talker(r: HostRow): TalkerRow {
  return { ip: r.ip, packets: r.packets, bytes: r.bytes };
}

/** JSON has no Infinity: a disabled timeout is shown as null. */
function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}
