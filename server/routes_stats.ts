/**
 * GET /stats: the whole /stats document (README.md, "GET /stats"). It is the one the last SSE
 * tick took when that is under a second old (see stats_cache.ts), so a busy dashboard and any
 * number of `curl`s cost one snapshot a second.
 */

import { jsonTextResponse } from "./json_response.ts";
import { expectNoParameters } from "./query.ts";
import type { RouteContext } from "./router.ts";
import type { StatsCache } from "./stats_cache.ts";

export function statsRoute(cache: StatsCache) {
  return ({ url, pretty }: RouteContext): Response => {
    expectNoParameters(url.searchParams);
    return jsonTextResponse(cache.get().text(pretty));
  };
}
