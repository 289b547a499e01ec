/**
 * The shape of `StatsEngine.snapshot()`: a plain, JSON-serialisable object. Field names in the
 * "oracle" group are compared by an external checker with tshark's ground truth
 * (`tests/captures/README.md`) and must not be renamed.
 */

import type { FlowEvictions } from "./flow_table.ts";
import type { HostEvictionStats, HostRow } from "./host_table.ts";
import type { ClockMode } from "./options.ts";
import type { PacketLengthsSnapshot } from "./packet_lengths.ts";
import type { PortRow } from "./port_table.ts";
import type { HierarchyNode, NumberedCount, OuterL3Counts, OuterL4Counts } from "./protocol_mix.ts";
import type { TotalsSnapshot } from "./totals.ts";

/** What is being captured, set by the capture side through `setMeta()`. */
export interface CaptureMeta {
  /** Interface name or file path. */
  source: string;
  /** "file", or "live" (also spelled "interface") for a device; "" until set. */
  sourceKind: "file" | "live" | "interface" | "";
  /** The BPF filter expression, "" for none. */
  filter: string;
  /** libpcap DLT name of the link type, e.g. "EN10MB", "LINUX_SLL2". */
  linkType: string;
  snaplen: number;
  /** Epoch ms the capture started (live), or null to use the first packet's time. */
  started: number | null;
  /**
   * BPF expression wirescope added to leave out traffic of its own (its dashboard's port on a
   * loopback capture), "" for none. `filter` stays what the user asked for.
   */
  excluded: string;
  /** `--payload N`: payload bytes kept per recent packet for the packet detail; absent or 0: none. */
  payloadBytes?: number;
}

/** The eight basic categories; ipv4/ipv6/arp/other are outer L3, the rest outer L4. */
export interface ProtocolCounts {
  ipv4: number;
  ipv6: number;
  arp: number;
  tcp: number;
  udp: number;
  icmp: number;
  icmpv6: number;
  other: number;
}

/**
 * One entry of a top list, exactly the corpus's `top_src_ips` shape (compared with deepEqual):
 * `packets`/`bytes` are what the host sent (sources) or received (destinations).
 */
export interface TalkerRow {
  ip: string;
  packets: number;
  bytes: number;
}

/**
 * The statistics document. Totals (`packets`, `bytes` — oracle fields — captured bytes,
 * truncation, decode errors, drops, timestamps) come from `TotalsSnapshot`.
 */
export interface StatsSnapshot extends TotalsSnapshot {
  // --- oracle fields (exact names)
  /** DLT name from `setMeta()`, "" until set. */
  linkType: string;
  protocols: ProtocolCounts;
  outerL3: OuterL3Counts;
  outerL4: OuterL4Counts;
  /** Up to `topN` outermost IP sources by packets desc, bytes desc, address ascending. */
  topSources: TalkerRow[];
  /** Distinct unordered outer 5-tuples ever seen; estimates once `conversationsExact` is false. */
  conversations: { tcp: number; udp: number };
  conversationsExact: boolean;

  // --- capture and time
  meta: CaptureMeta;
  clock: ClockMode;
  /** Epoch ms the snapshot was taken. */
  generatedMs: number;
  /**
   * Capture start: `meta.started`, else the earliest packet (packet clock) or the engine's
   * creation (wall clock); null for a packet clock before any packet.
   */
  startedMs: number | null;
  /**
   * `pps`/`bps`: the last complete second. `peak*`: the busiest second. `avg*`: over the whole
   * duration (packet clock) or since start (wall clock).
   */
  rates: {
    pps: number;
    bps: number;
    peakPps: number;
    peakBps: number;
    avgPps: number;
    avgBps: number;
  };

  // --- protocol mix
  outerL3Bytes: OuterL3Counts;
  outerL4Bytes: OuterL4Counts;
  ipProtocols: NumberedCount[];
  etherTypes: NumberedCount[];
  hierarchy: HierarchyNode;

  // --- talkers, ports, flows
  /** Same order rules as `topSources`, by packets received. */
  topDestinations: TalkerRow[];
  /** By bytes (then packets, then address): sent, and received. */
  topSourcesByBytes: TalkerRow[];
  topDestinationsByBytes: TalkerRow[];
  /** The top sources and destinations by packets with the tx/rx split and 2/10/40 s rates. */
  talkers: { sources: HostRow[]; destinations: HostRow[] };
  /** Distinct outermost IP sources (exact while `hosts.evicted` is 0). */
  distinctSources: number;
  hosts: HostEvictionStats;
  topPorts: PortRow[];
  flows: {
    active: number;
    capacity: number;
    created: number;
    /** null when the timeout is disabled (Infinity). */
    idleTimeoutMs: number | null;
    activeTimeoutMs: number | null;
    evicted: FlowEvictions;
  };
  /** Packets too old for the 1 s ring when they arrived (out-of-order files). */
  seriesLate: number;
  recentPackets: { capacity: number; stored: number };
  /** Frames by wire length in tshark's `-z plen,tree` buckets, with min/max/mean. */
  packetLengths: PacketLengthsSnapshot;
}
