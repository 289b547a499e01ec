/**
 * GET /api/flows: live flows, filtered by ip / port / protocol, sorted and paged.
 * `?sort=rate&order=desc&limit=20&offset=0&ip=10.0.0.1&port=443&protocol=tcp`
 */

import { MAX_INDEX_CAPACITY } from "../stats/key_index.ts";
import { FLOW_QUERY_MAX_LIMIT, type FlowQuery, type FlowSort } from "../stats/flow_query.ts";
import type { AddressInfo } from "../stats/enriched_stats.ts";
import { flowColumns } from "../export/flow_columns.ts";
import { readTableFormat, TABLE_PARAMETERS, tableResponse } from "./table_response.ts";
import { FILTER_PARAMETERS, QueryParams, readTrafficFilter } from "./query.ts";
import type { RouteContext } from "./router.ts";
import type { StatsSource } from "./stats_source.ts";

/** Every sort key the engine knows; the type check below fails if the engine adds one. */
export const FLOW_SORTS = [
  "bytes",
  "packets",
  "rate",
  "rate10s",
  "rate40s",
  "last-seen",
  "first-seen",
  "duration",
] as const satisfies readonly FlowSort[];
type MissingSort = Exclude<FlowSort, typeof FLOW_SORTS[number]>;
const _allSortsListed: MissingSort extends never ? true : never = true;

export const SORT_ORDERS = ["asc", "desc"] as const;
/** No table holds more flows than an index can, so a larger offset can only be a mistake. */
export const MAX_FLOW_OFFSET = MAX_INDEX_CAPACITY;

const PARAMETERS = ["sort", "order", "limit", "offset", ...FILTER_PARAMETERS, ...TABLE_PARAMETERS];

export function flowsRoute(engine: StatsSource) {
  return ({ url, pretty }: RouteContext): Response => {
    const q = new QueryParams(url.searchParams, PARAMETERS);
    const query: FlowQuery = readTrafficFilter(q);
    const sort = q.oneOf("sort", FLOW_SORTS);
    const order = q.oneOf("order", SORT_ORDERS);
    const limit = q.integer("limit", 0, FLOW_QUERY_MAX_LIMIT);
    const offset = q.integer("offset", 0, MAX_FLOW_OFFSET);
    if (sort !== undefined) query.sort = sort;
    if (order !== undefined) query.order = order;
    if (limit !== undefined) query.limit = limit;
    if (offset !== undefined) query.offset = offset;
    const format = readTableFormat(q);
    const page = engine.flows(query);
    // An enriched engine describes both ends of every flow: CSV carries their names too.
    const addresses = (page as { addresses?: Record<string, AddressInfo> }).addresses ?? {};
    return tableResponse(format, {
      name: "flows",
      rows: page.flows,
      columns: () => flowColumns(addresses),
      json: () => page,
    }, pretty);
  };
}
