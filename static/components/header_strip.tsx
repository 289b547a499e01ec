/** @jsxImportSource npm:preact@10 */
/** The numbers a glance needs: what is captured, for how long, how much, how fast, any loss. */

import { formatBytes, formatCount, formatDuration, formatShortCount } from "../../format/units.ts";
import type { StatsDocument } from "../../wire/stats_document.ts";
import { formatRate, type RateUnit } from "../lib/rate_units.ts";
import { differentDays, formatClock, formatDateTime } from "../lib/time_format.ts";
import { StatTile } from "./stat_tile.tsx";
import type { ComponentChildren } from "../deps.ts";

/** Counts up to this are shown in full ("812,345"); above, shortened ("1.23M"). */
const FULL_COUNT_LIMIT = 1_000_000;

export interface HeaderStripProps {
  stats: StatsDocument;
  unit: RateUnit;
  /** More tiles at the end (the alert counts). */
  children?: ComponentChildren;
}

export function HeaderStrip({ stats, unit, children }: HeaderStripProps) {
  const meta = stats.meta;
  const running = stats.capture.state === "running";
  const drops = stats.capture.drops;
  const dropTotal = drops.kernel + drops.ifdrop + drops.backlog;
  const seconds = stats.clock === "wall" && stats.startedMs !== null
    ? (stats.generatedMs - stats.startedMs) / 1000
    : stats.durationMs / 1000;
  const pps = running ? stats.rates.pps : stats.rates.avgPps;
  const bps = running ? stats.rates.bps : stats.rates.avgBps;
  const rateLabel = running ? "now" : "average";
  return (
    <div class="strip" data-testid="header-strip">
      <StatTile
        id="source"
        label={meta.sourceKind === "file" ? "File" : "Interface"}
        text={baseName(meta.source) || "—"}
        title={meta.source}
        detail={(meta.filter ? `filter: ${meta.filter}` : "no filter") +
          (meta.excluded
            ? ` · not counting wirescope's own ${meta.excluded.replace(/^not /, "")}`
            : "")}
      />
      <StatTile
        id="duration"
        label="Duration"
        text={formatDuration(seconds)}
        value={seconds}
        detail={stats.startedMs === null
          ? undefined
          : spanText(stats.startedMs, stats.startedMs + seconds * 1000)}
        title={formatCount(seconds) + " s"}
      />
      <StatTile
        id="packets"
        label="Packets"
        text={count(stats.packets)}
        value={stats.packets}
        title={formatCount(stats.packets)}
      />
      <StatTile
        id="bytes"
        label="Bytes"
        text={formatBytes(stats.bytes)}
        value={stats.bytes}
        title={`${formatCount(stats.bytes)} bytes`}
      />
      <StatTile
        id="pps"
        label={`Packets/s ${rateLabel}`}
        text={count(pps)}
        value={pps}
        detail={`peak ${count(stats.rates.peakPps)}`}
      />
      <StatTile
        id="bps"
        label={`${unit === "bits" ? "Bits" : "Bytes"}/s ${rateLabel}`}
        text={formatRate(bps, unit)}
        value={bps}
        detail={`peak ${formatRate(stats.rates.peakBps, unit)}`}
      />
      <StatTile
        id="drops"
        label="Dropped"
        text={count(dropTotal)}
        value={dropTotal}
        tone={dropTotal > 0 ? "alert" : "muted"}
        detail={`kernel ${count(drops.kernel)} · interface ${count(drops.ifdrop)} · backlog ${
          count(drops.backlog)
        }`}
        title="kernel: no room in the capture buffer; interface: dropped by the driver; backlog: wirescope fell behind"
      />
      {children}
    </div>
  );
}

function count(n: number): string {
  return n < FULL_COUNT_LIMIT ? formatCount(n) : formatShortCount(n);
}

/** "/home/me/traces/lan.pcap" -> "lan.pcap": the folder rarely matters at a glance. */
function baseName(path: string): string {
  return path.split("/").pop() ?? path;
}

/** "2020-06-18 10:47:52 – 10:49:34", both dates when it ends on another day. */
function spanText(fromMs: number, toMs: number): string {
  const end = differentDays(fromMs, toMs) ? formatDateTime(toMs) : formatClock(toMs);
  return `${formatDateTime(fromMs)} – ${end}`;
}
