/**
 * One capture interface's own numbers, beside the combined ones: `/stats`' `interfaces` list.
 *
 * Capturing on several interfaces, each gets a statistics engine of its own (`interfaceEngine`)
 * next to the combined one, with smaller tables: it answers "which link carries this", while
 * the combined engine keeps the full-size tables, flows, names and alerts.
 */
import { StatsEngine } from "./engine.ts";
import type { StatsOptions } from "./options.ts";
import type { ProtocolCounts, StatsSnapshot, TalkerRow } from "./snapshot.ts";

/**
 * Table sizes of a per-interface engine: a quarter of the combined engine's flows and hosts
 * (its talkers stay exact for busy links) and one recent packet (the packet list is the
 * combined engine's), so eight interfaces cost about twice one full engine at most.
 */
export const INTERFACE_FLOW_CAP = 16_384;
export const INTERFACE_HOST_CAP = 16_384;
export const INTERFACE_CONVERSATION_LIMIT = 16_384;
const INTERFACE_RECENT_PACKETS = 1;

/** Drops of one interface's capture, as `CaptureSession.drops()` counts them. */
export interface InterfaceDrops {
  kernel: number;
  ifdrop: number;
  backlog: number;
  received: number;
}

export interface InterfaceSummary {
  /** The interface name as given to `-i`. */
  name: string;
  /** libpcap DLT name of its link type. */
  linkType: string;
  packets: number;
  bytes: number;
  bytesCaptured: number;
  drops: InterfaceDrops;
  rates: StatsSnapshot["rates"];
  protocols: ProtocolCounts;
  topSources: TalkerRow[];
  topDestinations: TalkerRow[];
  topSourcesByBytes: TalkerRow[];
  topDestinationsByBytes: TalkerRow[];
  talkers: StatsSnapshot["talkers"];
  conversations: StatsSnapshot["conversations"];
}

/** A live engine for one of several interfaces, hashing with the combined engine's seed (so
 * the worker's flow hints serve both). */
export function interfaceEngine(seed: number, options: StatsOptions = {}): StatsEngine {
  return new StatsEngine({
    clock: "wall",
    flowCap: INTERFACE_FLOW_CAP,
    hostCap: INTERFACE_HOST_CAP,
    exactConversationLimit: INTERFACE_CONVERSATION_LIMIT,
    recentPackets: INTERFACE_RECENT_PACKETS,
    ...options,
    hashSeed: seed,
  });
}

/** The summary of one interface from a snapshot of its engine (or of the combined engine, when
 * it is the only interface) and its capture's drops. */
export function interfaceSummary(
  name: string,
  linkType: string,
  snapshot: StatsSnapshot,
  drops: InterfaceDrops,
): InterfaceSummary {
  return {
    name,
    linkType,
    packets: snapshot.packets,
    bytes: snapshot.bytes,
    bytesCaptured: snapshot.bytesCaptured,
    drops: { ...drops },
    rates: snapshot.rates,
    protocols: snapshot.protocols,
    topSources: snapshot.topSources,
    topDestinations: snapshot.topDestinations,
    topSourcesByBytes: snapshot.topSourcesByBytes,
    topDestinationsByBytes: snapshot.topDestinationsByBytes,
    talkers: snapshot.talkers,
    conversations: snapshot.conversations,
  };
}
