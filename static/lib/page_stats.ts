/**
 * What the page gets from the server: the /stats document and flow pages, plus the names and
 * places `EnrichedStats` adds (stats/enriched_stats.ts). The additions are optional: a server
 * over a bare engine (the load test's) sends none, and every panel must still draw.
 */

import type { StatsDocument } from "../../wire/stats_document.ts";
import type { AddressInfo, EnrichedSnapshot } from "../../stats/enriched_stats.ts";
import type { FlowPage } from "../../stats/flow_query.ts";
import type { StatsSnapshot } from "../../stats/snapshot.ts";
import type { FlowProcesses, ProcessesDocument } from "../../wire/process_document.ts";

export type { AddressInfo, PlaceRow } from "../../stats/enriched_stats.ts";

/** Names (`dns`, `tls`, `quic`, `http`), `addresses` and `places`. */
export type Enrichment = Omit<EnrichedSnapshot, keyof StatsSnapshot>;

/** A live run on Linux adds `processes` (wire/process_document.ts). */
export type PageStats = StatsDocument & Partial<Enrichment> & { processes?: ProcessesDocument };

/** Address -> what is known about it, as `/stats` and `/api/flows` carry it. */
export type AddressBook = Readonly<Record<string, AddressInfo>>;

/** An `/api/flows` page; `addresses` covers both ends of every flow in it. */
export type PageFlows = FlowPage & { addresses?: AddressBook };

/** A flow row with the programs at its local ends, when the server attributes them. */
export type PageFlow = FlowPage["flows"][number] & FlowProcesses;

/** The first book that knows `ip`; the books are searched in order. */
export function findAddress(
  ip: string,
  first: AddressBook | undefined,
  second?: AddressBook,
): AddressInfo | undefined {
  return first?.[ip] ?? second?.[ip];
}
