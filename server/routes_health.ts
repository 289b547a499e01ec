/**
 * GET /healthz: liveness for scripts and orchestrators. Always 200 while the server runs (an
 * ended capture is a finished job, not a sick server); the body says what the capture and the
 * event stream are doing.
 */

import { jsonResponse } from "./json_response.ts";
import { expectNoParameters } from "./query.ts";
import type { RouteContext } from "./router.ts";
import type { SseHub } from "./sse_hub.ts";
import type { CaptureStatus } from "../wire/stats_document.ts";

export function healthRoute(status: () => CaptureStatus, hub: SseHub, now: () => number) {
  const started = now();
  return ({ url, pretty }: RouteContext): Response => {
    expectNoParameters(url.searchParams);
    return jsonResponse({
      status: "ok",
      uptimeMs: Math.round(now() - started),
      capture: status(),
      events: hub.counts,
    }, { pretty });
  };
}
