/**
 * GET /api/hosts: the busiest hosts by what they sent or received, with what each address is.
 * `?sort=tx-bytes&limit=100&format=csv`; `country=DE` keeps the hosts placed there (`unknown`:
 * public addresses the database cannot place), found among the `HOSTS_MAX_LIMIT` busiest.
 */
import type { HostRank, HostRow } from "../stats/host_table.ts";
import type { AddressInfo } from "../stats/enriched_stats.ts";
import { hostColumns } from "../export/host_columns.ts";
import { QueryParams } from "./query.ts";
import type { RouteContext } from "./router.ts";
import { readTableFormat, TABLE_PARAMETERS, tableResponse } from "./table_response.ts";

/** Rankings the host table keeps: sent (tx) or received (rx), by packets or bytes. */
export const HOST_SORTS = [
  "tx-bytes",
  "tx-packets",
  "rx-bytes",
  "rx-packets",
] as const satisfies readonly HostRank[];
type MissingRank = Exclude<HostRank, typeof HOST_SORTS[number]>;
const _allRanksListed: MissingRank extends never ? true : never = true;

/** Rows without `limit`, and the most one request may ask for (as `/api/flows`). */
export const HOSTS_DEFAULT_LIMIT = 100;
export const HOSTS_MAX_LIMIT = 1000;

/** What the route reads: the engine's ranking and the enrichment's description of an address. */
export interface HostSource {
  hosts(rank: HostRank, limit: number): HostRow[];
  describe(ip: string): AddressInfo;
}

const PARAMETERS = ["sort", "limit", "country", ...TABLE_PARAMETERS];

export function hostsRoute(source: HostSource) {
  return ({ url, pretty }: RouteContext): Response => {
    const q = new QueryParams(url.searchParams, PARAMETERS);
    const sort = q.oneOf("sort", HOST_SORTS) ?? "tx-bytes";
    const limit = q.integer("limit", 0, HOSTS_MAX_LIMIT) ?? HOSTS_DEFAULT_LIMIT;
    const format = readTableFormat(q);
    const country = q.country("country");
    const addresses: Record<string, AddressInfo> = {};
    let hosts: HostRow[];
    if (country === undefined) hosts = source.hosts(sort, limit);
    else {
      hosts = source.hosts(sort, HOSTS_MAX_LIMIT)
        .filter((h) => placedIn(source.describe(h.ip), country))
        .slice(0, limit);
    }
    if (format !== "ndjson") { for (const h of hosts) addresses[h.ip] ??= source.describe(h.ip); }
    return tableResponse(format, {
      name: "hosts",
      rows: hosts,
      columns: () => hostColumns(addresses),
      json: () => ({ sort, count: hosts.length, hosts, addresses }),
    }, pretty);
  };
}

/** Whether `info` is in `country` ("unknown": public, with no country in the database). */
function placedIn(info: AddressInfo, country: string): boolean {
  if (country === "unknown") return info.class === "global" && info.country === null;
  return info.country === country;
}
