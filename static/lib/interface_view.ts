/**
 * The dashboard's view of one capture interface: the /stats document with the numbers the
 * interface switch scopes (totals, rates, protocol counts, talkers, drops) replaced by that
 * interface's own, from `stats.interfaces`. Everything else (flows, names, places, packets)
 * stays the combined capture's. `null` (or a name no longer captured) is every interface.
 */
import type { StatsDocument } from "../../wire/stats_document.ts";

export function statsForInterface(stats: StatsDocument, name: string | null): StatsDocument {
  const one = name === null ? undefined : stats.interfaces?.find((i) => i.name === name);
  if (!one) return stats;
  return {
    ...stats,
    packets: one.packets,
    bytes: one.bytes,
    bytesCaptured: one.bytesCaptured,
    rates: one.rates,
    protocols: one.protocols,
    topSources: one.topSources,
    topDestinations: one.topDestinations,
    topSourcesByBytes: one.topSourcesByBytes,
    topDestinationsByBytes: one.topDestinationsByBytes,
    talkers: one.talkers,
    conversations: one.conversations,
    meta: { ...stats.meta, source: one.name, linkType: one.linkType },
    capture: { ...stats.capture, drops: one.drops },
  };
}

/** The interfaces to offer a switch for: none unless the capture has more than one. */
export function switchableInterfaces(stats: StatsDocument): string[] {
  const list = stats.interfaces ?? [];
  return list.length > 1 ? list.map((i) => i.name) : [];
}
