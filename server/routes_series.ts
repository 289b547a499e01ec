/**
 * GET /api/series?window=5m: packet and bit rates per traffic family over a window ending now,
 * at 1 s resolution while the window fits the 1 s ring, else 1 min. `interface=NAME` gives one
 * capture interface's own series (a live capture on several).
 */

import { jsonResponse } from "./json_response.ts";
import { badParameter, QueryParams } from "./query.ts";
import type { RouteContext } from "./router.ts";
import type { StatsSource } from "./stats_source.ts";
import { QueryError } from "../stats/query_error.ts";

/** The dashboard's default chart span. */
export const DEFAULT_SERIES_WINDOW = "5m";

export function seriesRoute(engine: StatsSource) {
  return ({ url, pretty }: RouteContext): Response => {
    const q = new QueryParams(url.searchParams, ["window", "interface"]);
    const window = q.text("window") ?? DEFAULT_SERIES_WINDOW;
    const name = q.text("interface");
    if (name !== undefined && !engine.interfaceSeries) {
      throw badParameter("interface", "this capture reads a file: it has no interfaces");
    }
    try {
      const series = name !== undefined
        ? engine.interfaceSeries!(name, window)
        : engine.series(window);
      return jsonResponse(series, { pretty });
    } catch (error) {
      // The engine parses windows against its own ring sizes; its QueryError says what is wrong.
      if (error instanceof QueryError) throw badParameter("window", error.message);
      if (name !== undefined && error instanceof RangeError) {
        throw badParameter("interface", error.message);
      }
      throw error;
    }
  };
}
