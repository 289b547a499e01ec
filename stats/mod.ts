/**
 * The statistics engine: what the HTTP API, the SSE stream and the CLI report read.
 *
 * ```ts
 * const stats = new StatsEngine({ clock: "wall" });     // "packet" when reading a file
 * stats.setMeta({ source: "eth0", sourceKind: "interface", linkType: "EN10MB" });
 * for (const p of batch) stats.ingest(p);               // p: the reused DecodedPacket
 * setInterval(() => stats.tick(), 1000);               // live only
 * stats.snapshot();                                     // totals, mix, talkers, conversations
 * stats.flows({ sort: "rate", limit: 50, protocol: "tcp" });
 * stats.packets({ ip: "10.0.0.1", since: lastSeq });
 * stats.series("5m");
 * ```
 */

export { StatsEngine } from "./engine.ts";
export { type ClockMode, type StatsOptions, TOP_LIST_SIZE } from "./options.ts";
export type { CaptureMeta, ProtocolCounts, StatsSnapshot, TalkerRow } from "./snapshot.ts";
export type { CaptureDrops } from "./totals.ts";
export {
  FLOW_ACTIVE_TIMEOUT_MS,
  FLOW_IDLE_TIMEOUT_MS,
  FLOW_TABLE_CAP,
  type FlowEvictions,
} from "./flow_table.ts";
export {
  FLOW_QUERY_DEFAULT_LIMIT,
  FLOW_QUERY_MAX_LIMIT,
  type FlowPage,
  type FlowQuery,
  type FlowRecord,
  type FlowSort,
} from "./flow_query.ts";
export { HOST_TABLE_CAP, type HostRank, type HostRow } from "./host_table.ts";
export { EXACT_CONVERSATION_LIMIT } from "./conversation_counter.ts";
export {
  MAX_RECENT_PACKETS,
  type PacketQuery,
  type PacketRecord,
  RECENT_PACKETS,
} from "./recent_packets.ts";
export {
  MINUTE_SLOTS,
  SECOND_SLOTS,
  SERIES_FAMILIES,
  type SeriesData,
  type SeriesFamily,
} from "./rate_series.ts";
export type { PortRow } from "./port_table.ts";
export type { HierarchyNode, NumberedCount, OuterL3Counts, OuterL4Counts } from "./protocol_mix.ts";
export type { TrafficFilter } from "./traffic_filter.ts";
export { RATE_WINDOWS } from "./window_rates.ts";
export {
  formatAddress,
  formatIPv4,
  formatIPv6,
  formatMac,
  parseAddress,
} from "../net/ip_format.ts";
