/**
 * What the server needs from the capture side, as interfaces, so routes and the SSE hub are
 * tested with scripted data and `StatsEngine` plugs in unchanged (it satisfies `StatsSource`).
 */

import type { FlowPage, FlowQuery } from "../stats/flow_query.ts";
import type { SeriesData } from "../stats/rate_series.ts";
import type { PacketQuery, PacketRecord } from "../stats/recent_packets.ts";
import type { StatsSnapshot } from "../stats/snapshot.ts";

/** The read side of `StatsEngine`. Query methods throw RangeError for queries they refuse. */
export interface StatsSource {
  snapshot(): StatsSnapshot;
  flows(query?: FlowQuery): FlowPage;
  packets(query?: PacketQuery): PacketRecord[];
  series(window?: string): SeriesData;
  /**
   * One capture interface's series (`/api/series?interface=NAME`), on a live capture; throws
   * RangeError for a name it does not capture on. Absent for a file.
   */
  interfaceSeries?(name: string, window?: string): SeriesData;
}

/**
 * Serves the dashboard: gets GET/HEAD requests for "/" and "/assets/...", answers
 * with a response, or null for "no such file" (the API then answers 404 JSON).
 */
export type StaticAssets = (
  request: Request,
  path: string,
) => Response | null | Promise<Response | null>;
