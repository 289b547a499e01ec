/**
 * The HTTP API as one pure function: `createHandler(deps)` returns `(request) => Response`,
 * tested with `new Request(...)` and no socket. `Deno.serve` and the once-a-second
 * `hub.tick()` timer live with the caller (cli/serve.ts). Routes: see README.md.
 */

import { HttpError } from "./http_error.ts";
import { jsonResponse } from "./json_response.ts";
import { expectNoParameters } from "./query.ts";
import { type RouteContext, Router, type UnexpectedErrorHook } from "./router.ts";
import { flowsRoute } from "./routes_flows.ts";
import { healthRoute } from "./routes_health.ts";
import { packetsRoute } from "./routes_packets.ts";
import { type HostSource, hostsRoute } from "./routes_hosts.ts";
import { metricsRoute } from "./routes_metrics.ts";
import type { BuildInfo } from "./wirescope_metrics.ts";
import { seriesRoute } from "./routes_series.ts";
import { payloadRoute, type PayloadSource } from "./routes_payload.ts";
import { pcapRoute, type PcapSource } from "./routes_pcap.ts";
import { statsRoute } from "./routes_stats.ts";
import type { SseHub } from "./sse_hub.ts";
import type { AlertDesk } from "./alert_desk.ts";
import { alertItemRoute, alertsRoute } from "./routes_alerts.ts";
import { type TalkerHistory, talkersRoute } from "./routes_talkers.ts";
import { processesRoute, type ProcessSource } from "./routes_processes.ts";
import type { StaticAssets, StatsSource } from "./stats_source.ts";
import type { CaptureStatus } from "../wire/stats_document.ts";

export interface HandlerDeps {
  engine: StatsSource;
  /** The /events hub; the caller drives `hub.tick()` once a second. */
  hub: SseHub;
  /** The host ranking and address descriptions behind /api/hosts; without them there is no such route. */
  hosts?: HostSource;
  /** Versions for `wirescope_build_info`; with them the server answers GET /metrics. */
  metrics?: BuildInfo;
  /** The alert history behind /api/alerts; without it those routes answer 404. */
  alerts?: AlertDesk;
  /** Hourly top talkers kept in the history database, behind /api/talkers/hourly. */
  talkers?: TalkerHistory;
  /** Per-process traffic behind /api/processes; without it there is no such route. */
  processes?: ProcessSource;
  /** `--payload N`'s kept bytes behind /api/packets/payload; without it there is no such route. */
  payloads?: PayloadSource;
  /** `--keep SIZE`'s rings behind /api/pcap; without them the route says how to keep packets. */
  pcap?: PcapSource;
  status: () => CaptureStatus;
  /** Milliseconds, monotonic (uptime in /healthz); default `performance.now`. */
  now?: () => number;
  /** Serves "/" and "/assets/*" (the dashboard). Without it "/" lists the API. */
  staticAssets?: StaticAssets;
  /** Told about errors that became a 500; default: one line on stderr. */
  onError?: UnexpectedErrorHook;
  /** Accepts or refuses a request's `Host` header (see `loopbackHostCheck`); default: any. */
  allowedHost?: (host: string | null) => boolean;
}

/** Without `--payload` nothing is kept, and the route says how to ask for it. */
const NO_PAYLOADS: PayloadSource = { bytesPerPacket: 0, payload: () => null };

/** What "/" answers while no dashboard is plugged in. */
export const API_INDEX = {
  name: "wirescope",
  endpoints: {
    "/stats": "everything, as one document",
    "/events": "Server-Sent Events: a snapshot, then a delta per second",
    "/api/flows": "live flows: sort, order, limit, offset, ip, port, protocol",
    "/api/packets": "recent packets: limit, since, ip, port, protocol",
    "/api/hosts": "busiest hosts: sort (tx-bytes, tx-packets, rx-bytes, rx-packets), limit",
    "/api/series": "rate series: window (90s, 5m, 1h, 24h)",
    "/api/processes": "programs of this host: sort (bytes, up, down, rate...), order, limit",
    "/api/packets/payload": "one recent packet's first bytes, with --payload N",
    "/api/pcap": "kept packets as pcap or pcapng, with --keep: seconds, filter (BPF), format",
    "/api/alerts":
      "alerts: GET (severity, rule, subject, since, acknowledged, limit, format), POST; /api/alerts/ID: PATCH",
    "/api/talkers/hourly": "busiest hosts per hour, from the history database",
    "/metrics": "Prometheus text exposition format",
    "/healthz": "liveness and capture status",
  },
} as const;

export function createHandler(deps: HandlerDeps): (request: Request) => Promise<Response> {
  const now = deps.now ?? (() => performance.now());
  const router = new Router(deps.onError)
    .add("/stats", statsRoute(deps.hub.stats))
    .add("/events", ({ url }) => {
      expectNoParameters(url.searchParams);
      return deps.hub.connect();
    })
    .add("/api/flows", flowsRoute(deps.engine))
    .add("/api/packets", packetsRoute(deps.engine))
    .add("/api/packets/payload", payloadRoute(deps.payloads ?? NO_PAYLOADS))
    .add("/api/pcap", pcapRoute(deps.pcap ?? { rings: [] }))
    .add("/api/series", seriesRoute(deps.engine))
    .add("/healthz", healthRoute(deps.status, deps.hub, now))
    .add("/", staticRoute(deps.staticAssets))
    .add("/assets/", staticRoute(deps.staticAssets), { prefix: true });
  if (deps.hosts) router.add("/api/hosts", hostsRoute(deps.hosts));
  if (deps.metrics) router.add("/metrics", metricsRoute(deps.hub.stats, deps.metrics));
  if (deps.talkers) router.add("/api/talkers/hourly", talkersRoute(deps.talkers));
  if (deps.processes) router.add("/api/processes", processesRoute(deps.processes));
  if (deps.alerts) {
    router
      .add("/api/alerts", alertsRoute(deps.alerts), { methods: ["GET", "POST"] })
      .add("/api/alerts/", alertItemRoute(deps.alerts), {
        methods: ["GET", "PATCH"],
        prefix: true,
      });
  }
  const allowedHost = deps.allowedHost;
  if (!allowedHost) return (request) => router.handle(request);
  return (request) => {
    if (allowedHost(request.headers.get("host"))) return router.handle(request);
    const error = new HttpError(
      421,
      `Cannot answer a request for host "${request.headers.get("host")}": this server ` +
        "answers only to 127.0.0.1 and localhost (protection against DNS rebinding)",
    );
    return Promise.resolve(error.toResponse());
  };
}

function staticRoute(assets: StaticAssets | undefined) {
  return async ({ request, url, pretty }: RouteContext): Promise<Response> => {
    if (assets === undefined) {
      if (url.pathname === "/") return jsonResponse(API_INDEX, { pretty });
    } else {
      const response = await assets(request, url.pathname);
      if (response !== null) return response;
    }
    throw new HttpError(404, `Cannot find ${url.pathname}: no such file`);
  };
}
