/**
 * wirescope's own metrics for `GET /metrics`, read off the /stats document, named and typed as
 * Prometheus' naming guide and node_exporter do it (`_total` counters, base units: bytes).
 *
 * Label cardinality is bounded by construction, never by the traffic: `interface` is the one
 * capture source of the process, `protocol` one of `PROTOCOL_LABELS` (seven values that
 * partition the frames, so `sum(wirescope_packets_total)` is every frame), `kind` one of three
 * drop places. No address, port or name from the wire ever becomes a label: per-host numbers
 * belong to `/api/hosts` and `/api/flows`, not to a time-series database. The one exception is
 * bounded and local: the ten busiest programs of this host (`process_metrics_families.ts`). The
 * collector's families have no exporter label for the same reason (`collector_metrics.ts`).
 */
import type { MetricFamily } from "../export/prometheus_text.ts";
import type { StatsDocument } from "../wire/stats_document.ts";
import type { ProcessReport } from "../procs/process_report.ts";
import { processFamilies } from "./process_metrics_families.ts";
import { collectorFamilies } from "./collector_metrics.ts";

/** What the process is: `wirescope_build_info`'s labels. */
export interface BuildInfo {
  version: string;
  libpcap: string;
}

/**
 * Every frame falls in exactly one: its outermost IP packet's transport (tcp, udp, icmp,
 * icmpv6, or ip_other), else arp, else other.
 */
export const PROTOCOL_LABELS = [
  "tcp",
  "udp",
  "icmp",
  "icmpv6",
  "ip_other",
  "arp",
  "other",
] as const;

type Split = Record<(typeof PROTOCOL_LABELS)[number], number>;

function split(doc: StatsDocument, bytes: boolean): Split {
  const l3 = bytes ? doc.outerL3Bytes : doc.outerL3;
  const l4 = bytes ? doc.outerL4Bytes : doc.outerL4;
  return {
    tcp: l4.tcp,
    udp: l4.udp,
    icmp: l4.icmp,
    icmpv6: l4.icmpv6,
    ip_other: l4.other,
    arp: l3.arp,
    other: l3.other,
  };
}

export function wirescopeMetrics(doc: StatsDocument, build: BuildInfo): MetricFamily[] {
  // The CLI adds `processes` to a live run's document (cli/process_setup.ts).
  const processes = (doc as { processes?: ProcessReport }).processes;
  return [
    ...trafficFamilies(doc),
    ...tableFamilies(doc),
    ...statusFamilies(doc, build),
    ...processFamilies(processes),
    // With --collect: records by version, drops by reason (collector_metrics.ts).
    ...collectorFamilies(doc.collector),
  ];
}

/** What was captured and lost: packets and bytes by protocol, drops, truncation, errors. */
function trafficFamilies(doc: StatsDocument): MetricFamily[] {
  const source = doc.meta.source;
  const byProtocol = (counts: Split) =>
    PROTOCOL_LABELS.map((protocol) => ({
      labels: { interface: source, protocol },
      value: counts[protocol],
    }));
  const drops = doc.capture.drops;
  return [
    {
      name: "wirescope_packets_total",
      help: "Frames captured (after the BPF filter), by outermost transport or network protocol.",
      type: "counter",
      samples: byProtocol(split(doc, false)),
    },
    {
      name: "wirescope_bytes_total",
      help: "Bytes on the wire of the frames captured (frame.len), by protocol as the packets.",
      type: "counter",
      samples: byProtocol(split(doc, true)),
    },
    {
      name: "wirescope_drops_total",
      help: "Frames lost: in the kernel buffer, at the interface, or by wirescope's own backlog.",
      type: "counter",
      samples: [
        { labels: { kind: "kernel" }, value: drops.kernel },
        { labels: { kind: "interface" }, value: drops.ifdrop },
        { labels: { kind: "backlog" }, value: drops.backlog },
      ],
    },
    {
      name: "wirescope_truncated_packets_total",
      help: "Frames cut by the snapshot length.",
      type: "counter",
      samples: [{ value: doc.truncated }],
    },
    {
      name: "wirescope_decode_errors_total",
      help: "Frames whose decoding stopped early (malformed or unknown headers).",
      type: "counter",
      samples: [{ value: doc.decodeErrors.total }],
    },
  ];
}

/** How full the bounded tables are. */
function tableFamilies(doc: StatsDocument): MetricFamily[] {
  return [
    {
      name: "wirescope_flows_active",
      help: "Conversations in the flow table now.",
      type: "gauge",
      samples: [{ value: doc.flows.active }],
    },
    {
      name: "wirescope_flows_capacity",
      help: "Most conversations the flow table holds (older ones are evicted).",
      type: "gauge",
      samples: [{ value: doc.flows.capacity }],
    },
    {
      name: "wirescope_flows_created_total",
      help: "Conversations ever added to the flow table.",
      type: "counter",
      samples: [{ value: doc.flows.created }],
    },
    {
      name: "wirescope_hosts_active",
      help: "Hosts (IP addresses) in the host table now.",
      type: "gauge",
      samples: [{ value: doc.hosts.tracked }],
    },
    {
      name: "wirescope_hosts_capacity",
      help: "Most hosts the host table holds (quieter ones are evicted).",
      type: "gauge",
      samples: [{ value: doc.hosts.capacity }],
    },
  ];
}

/** Whether the capture runs, and what is running. */
function statusFamilies(doc: StatsDocument, build: BuildInfo): MetricFamily[] {
  return [
    {
      name: "wirescope_capture_running",
      help: "1 while packets may still arrive; 0 once the capture (or the file) has ended.",
      type: "gauge",
      samples: [{ value: doc.capture.state === "running" ? 1 : 0 }],
    },
    {
      name: "wirescope_build_info",
      help: "Always 1; the labels say which wirescope and libpcap are running.",
      type: "gauge",
      samples: [{
        labels: { version: build.version, libpcap: build.libpcap, deno: Deno.version.deno },
        value: 1,
      }],
    },
  ];
}
