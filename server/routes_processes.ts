/**
 * GET /api/processes: which programs of this host send and receive what (as bandwhich shows),
 * `?sort=bytes&order=desc&limit=100`. Sorts: bytes, up, down, packets, rate (2 s), rate10s,
 * rate40s, flows, pid, name. Without attribution (`--no-processes`, a file, another system) the
 * answer says so in `available` and `reason`, with no rows.
 */
import {
  PROCESS_MAX_LIMIT,
  PROCESS_SORTS,
  type ProcessQuery,
  type ProcessReport,
} from "../procs/process_report.ts";
import { jsonResponse } from "./json_response.ts";
import { QueryParams } from "./query.ts";
import type { RouteContext } from "./router.ts";

/** What the route reads: the run's process report for a query. */
export type ProcessSource = (query: ProcessQuery) => ProcessReport;

const PARAMETERS = ["sort", "order", "limit"];
const ORDERS = ["asc", "desc"] as const;

export function processesRoute(source: ProcessSource) {
  return ({ url, pretty }: RouteContext): Response => {
    const q = new QueryParams(url.searchParams, PARAMETERS);
    const query: ProcessQuery = {};
    const sort = q.oneOf("sort", PROCESS_SORTS);
    const order = q.oneOf("order", ORDERS);
    const limit = q.integer("limit", 0, PROCESS_MAX_LIMIT);
    if (sort !== undefined) query.sort = sort;
    if (order !== undefined) query.order = order;
    if (limit !== undefined) query.limit = limit;
    return jsonResponse(source(query), { pretty });
  };
}
