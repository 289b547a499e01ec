/**
 * GET /metrics: wirescope's counters in the Prometheus text exposition format, for a Prometheus
 * server to scrape. Read from the same cached /stats document as `/stats`, so a scrape every
 * second costs nothing extra and both agree.
 */
import { PROMETHEUS_CONTENT_TYPE, prometheusText } from "../export/prometheus_text.ts";
import { API_HEADERS } from "./json_response.ts";
import { processMetrics } from "./process_metrics.ts";
import { expectNoParameters } from "./query.ts";
import type { RouteContext } from "./router.ts";
import type { StatsCache } from "./stats_cache.ts";
import { type BuildInfo, wirescopeMetrics } from "./wirescope_metrics.ts";

export function metricsRoute(cache: StatsCache, build: BuildInfo) {
  return ({ url }: RouteContext): Response => {
    expectNoParameters(url.searchParams);
    const text = prometheusText([...wirescopeMetrics(cache.get().doc, build), ...processMetrics()]);
    const headers = new Headers(API_HEADERS);
    headers.set("content-type", PROMETHEUS_CONTENT_TYPE);
    return new Response(text, { headers });
  };
}
