/**
 * The headless summary: `--report json` prints the statistics snapshot as one JSON object (the
 * same document `/stats` serves); `--report` / `--report text` prints it as readable tables.
 */
import type { EnrichedSnapshot } from "../stats/enriched_stats.ts";
import type { Alert } from "../alerts/alert.ts";
import { formatAlerts } from "./alerts_report.ts";
import type { ReportFormat } from "./options.ts";
import type { CaptureStatus } from "../wire/stats_document.ts";
import { type ProcessReport, unavailableReport } from "../procs/process_report.ts";
import { formatBitRate, formatBytes, formatCount, formatDuration } from "../format/units.ts";

type StatsSnapshot = EnrichedSnapshot & { alerts?: Alert[] };

/** Rows of each name table in the text report; `--report json` carries them all. */
const TEXT_NAME_ROWS = 10;

/**
 * `capture`, the run's status as `/stats` carries it, makes the JSON the same document as
 * `GET /stats` of a finished run.
 */
export function formatReport(
  snapshot: StatsSnapshot,
  format: ReportFormat,
  capture?: CaptureStatus,
): string {
  return format === "json"
    ? JSON.stringify(capture ? { ...snapshot, capture } : snapshot, null, 2)
    : formatText(snapshot);
}

/**
 * `snapshot` with the `processes` section `/stats` carries: a report run scans no sockets, so
 * it says why there are none, as a served file's does.
 */
export function withReportProcesses<T extends StatsSnapshot>(
  snapshot: T,
): T & { processes: ProcessReport } {
  const reason = snapshot.meta.sourceKind === "file"
    ? "a file has no processes"
    : "--report does not tie flows to programs";
  return { ...snapshot, processes: unavailableReport(reason) };
}

type Row = (string | number)[];

/**
 * Left-align the first column, right-align the rest; `more` rows left out are counted on a
 * last line, so a cut list does not read as complete.
 */
function table(title: string, header: string[], rows: Row[], more = 0): string {
  if (rows.length === 0) return `${title}\n  (none)`;
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    "  " + r.map((cell, c) => c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))
      .join("  ");
  const rest = more > 0 ? [`  +${formatCount(more)} more`] : [];
  return [title, line(header), ...cells.slice(1).map(line), ...rest].join("\n");
}

function share(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : "-";
}

function formatText(s: StatsSnapshot): string {
  return [
    summarySection(s),
    networkSection(s),
    transportSection(s),
    talkersSection("Top sources", s, s.topSources),
    talkersSection("Top destinations", s, s.topDestinations),
    portsSection(s),
    conversationsLine(s),
    namesSection("DNS names queried", s.dns.queries),
    namesSection("TLS server names (SNI, QUIC included)", s.tls.sni),
    namesSection("HTTP hosts", s.http.hosts),
    placesSection("Countries (busiest hosts, both directions)", s.places.countries),
    placesSection("Networks (AS)", s.places.asns),
    ...(s.alerts ? [formatAlerts(s.alerts)] : []),
  ].join("\n\n");
}

function summarySection(s: StatsSnapshot): string {
  const meta = s.meta;
  const source = meta.source ? `${meta.source} (${s.linkType || "unknown link type"})` : "capture";
  const filter = meta.filter ? `, filter "${meta.filter}"` : "";
  // A file lasts from its first packet to its last; a live capture from its start until now,
  // which is also what its average rates are taken over.
  const seconds = s.clock === "wall" && s.startedMs !== null
    ? Math.max(0, s.generatedMs - s.startedMs) / 1000
    : s.durationMs / 1000;
  const drops = s.drops;
  return [
    `wirescope report: ${source}${filter}`,
    `  ${formatCount(s.packets)} packets, ${formatBytes(s.bytes)} on the wire, ` +
    `over ${formatDuration(seconds)}` +
    (seconds > 0
      ? ` (average ${formatCount(s.rates.avgPps)} packets/s, ${formatBitRate(s.rates.avgBps)})`
      : ""),
    `  truncated by snaplen: ${formatCount(s.truncated)}, decode errors: ` +
    `${formatCount(s.decodeErrors.total)}, drops: kernel ${drops.kernel}, ` +
    `interface ${drops.ifdrop}, backlog ${drops.backlog}`,
  ].join("\n");
}

const LAYER_HEADER = ["protocol", "packets", "share", "bytes"];

function networkSection(s: StatsSnapshot): string {
  const l3 = s.outerL3, l3b = s.outerL3Bytes;
  return table("Network layer", LAYER_HEADER, [
    ["IPv4", formatCount(l3.ipv4), share(l3.ipv4, s.packets), formatBytes(l3b.ipv4)],
    ["IPv6", formatCount(l3.ipv6), share(l3.ipv6, s.packets), formatBytes(l3b.ipv6)],
    ["ARP", formatCount(l3.arp), share(l3.arp, s.packets), formatBytes(l3b.arp)],
    ["other", formatCount(l3.other), share(l3.other, s.packets), formatBytes(l3b.other)],
  ]);
}

function transportSection(s: StatsSnapshot): string {
  const l4 = s.outerL4, l4b = s.outerL4Bytes;
  const ipPackets = s.outerL3.ipv4 + s.outerL3.ipv6;
  return table("Transport layer (of IP packets)", LAYER_HEADER, [
    ["TCP", formatCount(l4.tcp), share(l4.tcp, ipPackets), formatBytes(l4b.tcp)],
    ["UDP", formatCount(l4.udp), share(l4.udp, ipPackets), formatBytes(l4b.udp)],
    ["ICMP", formatCount(l4.icmp), share(l4.icmp, ipPackets), formatBytes(l4b.icmp)],
    ["ICMPv6", formatCount(l4.icmpv6), share(l4.icmpv6, ipPackets), formatBytes(l4b.icmpv6)],
    ["other", formatCount(l4.other), share(l4.other, ipPackets), formatBytes(l4b.other)],
  ]);
}

function talkersSection(title: string, s: StatsSnapshot, rows: StatsSnapshot["topSources"]) {
  return table(
    title,
    ["address", "name", "country", "packets", "bytes"],
    rows.map((r) => {
      const info = s.addresses[r.ip];
      return [
        r.ip,
        info?.name ?? "",
        info?.country ?? (info?.local ? "local" : ""),
        formatCount(r.packets),
        formatBytes(r.bytes),
      ];
    }),
  );
}

function portsSection(s: StatsSnapshot): string {
  return table(
    "Top ports",
    ["port", "service", "packets", "bytes"],
    s.topPorts.map((p) => [
      `${p.port}/${p.protocol}`,
      p.service ?? "",
      formatCount(p.packets),
      formatBytes(p.bytes),
    ]),
  );
}

function conversationsLine(s: StatsSnapshot): string {
  const approx = s.conversationsExact ? "" : " (estimated)";
  return `Conversations${approx}: ${formatCount(s.conversations.tcp)} TCP, ` +
    `${formatCount(s.conversations.udp)} UDP`;
}

function namesSection(title: string, counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return table(
    title,
    ["name", "count"],
    entries.slice(0, TEXT_NAME_ROWS).map(([name, n]) => [name, formatCount(n)]),
    entries.length - TEXT_NAME_ROWS,
  );
}

function placesSection(title: string, rows: StatsSnapshot["places"]["countries"]): string {
  return table(
    title,
    ["", "name", "hosts", "packets", "bytes"],
    rows.slice(0, TEXT_NAME_ROWS).map((r) => [
      r.key,
      r.name,
      formatCount(r.hosts),
      formatCount(r.packets),
      formatBytes(r.bytes),
    ]),
    rows.length - TEXT_NAME_ROWS,
  );
}
