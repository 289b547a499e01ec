/**
 * The NetFlow/IPFIX collector's metrics for `GET /metrics` (with `--collect`), read off the
 * /stats document's `collector` section.
 *
 * No `exporter` label, on purpose: an exporter is whatever address a UDP datagram claims to come
 * from, so anyone who can reach the port could mint series. The exporter table holds at most
 * `MAX_EXPORTERS` (256) at once, but a spoofer cycling addresses would still leave Prometheus an
 * endless stream of short-lived series. Labels are drawn from fixed lists instead: `version` is
 * one of 5, 9, 10 and `reason` one of `DROP_REASONS`, every one always present (0 until it
 * happens), so the series set never changes while a run lasts. Per-exporter numbers stay in
 * `/stats` (`collector.exporters`).
 */
import { DROP_REASONS } from "../collect/drop_reason.ts";
import { COLLECTED_VERSIONS, type CollectorSummary } from "../collect/flow_collector.ts";
import type { MetricFamily } from "../export/prometheus_text.ts";

/** The collector's families; none without `--collect`. */
export function collectorFamilies(
  collector: (CollectorSummary & { faults?: number }) | undefined,
): MetricFamily[] {
  if (collector === undefined) return [];
  return [
    {
      name: "wirescope_collector_records_total",
      help: "Flow records the collector counted, by NetFlow/IPFIX version (5, 9, 10 for IPFIX).",
      type: "counter",
      samples: COLLECTED_VERSIONS.map((version) => ({
        labels: { version: String(version) },
        value: collector.flowsByVersion[String(version)] ?? 0,
      })),
    },
    {
      name: "wirescope_collector_dropped_total",
      help: "What the collector refused or lost (datagrams, sets, templates, records), by reason.",
      type: "counter",
      samples: DROP_REASONS.map((reason) => ({
        labels: { reason },
        value: collector.dropped[reason] ?? 0,
      })),
    },
    {
      name: "wirescope_collector_datagrams_total",
      help: "UDP datagrams the collector read, whatever their content.",
      type: "counter",
      samples: [{ value: collector.datagrams }],
    },
    {
      name: "wirescope_collector_faults_total",
      help: "Datagrams whose reading failed inside the collector (a bug; each one dropped).",
      type: "counter",
      samples: [{ value: collector.faults ?? 0 }],
    },
    {
      name: "wirescope_collector_exporters",
      help: "Exporters (address and version) whose templates the collector holds now.",
      type: "gauge",
      samples: [{ value: collector.exportersTracked }],
    },
  ];
}
