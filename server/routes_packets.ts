/**
 * GET /api/packets: the newest captured packets' headers, newest first, with the flow filter.
 * `?limit=50&since=1234&ip=10.0.0.1&port=53&protocol=udp`; `since` returns only packets whose
 * `seq` is greater, for polling.
 */

import { MAX_RECENT_PACKETS } from "../stats/recent_packets.ts";
import type { PacketQuery } from "../stats/recent_packets.ts";
import { PACKET_COLUMNS } from "../export/packet_columns.ts";
import { readTableFormat, TABLE_PARAMETERS, tableResponse } from "./table_response.ts";
import { FILTER_PARAMETERS, QueryParams, readTrafficFilter } from "./query.ts";
import type { RouteContext } from "./router.ts";
import type { StatsSource } from "./stats_source.ts";

/** Packets returned without `limit`: a screenful, not the whole ring. */
export const PACKETS_DEFAULT_LIMIT = 100;

const PARAMETERS = ["limit", "offset", "since", ...FILTER_PARAMETERS, ...TABLE_PARAMETERS];

export function packetsRoute(engine: StatsSource) {
  return ({ url, pretty }: RouteContext): Response => {
    const q = new QueryParams(url.searchParams, PARAMETERS);
    const query: PacketQuery = readTrafficFilter(q);
    // The ring never holds more than MAX_RECENT_PACKETS, so no larger page can exist.
    query.limit = q.integer("limit", 0, MAX_RECENT_PACKETS) ?? PACKETS_DEFAULT_LIMIT;
    const since = q.integer("since", 0, Number.MAX_SAFE_INTEGER);
    if (since !== undefined) query.since = since;
    const offset = q.integer("offset", 0, MAX_RECENT_PACKETS);
    if (offset !== undefined) query.offset = offset;
    const packets = engine.packets(query);
    // The ring is small (RECENT_PACKETS): counting every match lets a client page through it.
    const matched = engine.packets({ ...query, limit: MAX_RECENT_PACKETS, offset: 0 }).length;
    return tableResponse(readTableFormat(q), {
      name: "packets",
      rows: packets,
      columns: () => PACKET_COLUMNS,
      json: () => ({ count: packets.length, matched, packets }),
    }, pretty);
  };
}
