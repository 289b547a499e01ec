/** @jsxImportSource npm:preact@10 */
/**
 * Traffic over time: bits/s (or bytes/s) or packets/s, stacked by protocol family, over the
 * chosen window. One chart with a metric switch rather than two side by side: redrawing a
 * chart is most of what a live update costs, and one wide chart reads better on a phone.
 * Dragging across the chart selects a range that scopes the conversation and packet panels;
 * the chip shows what the range holds and clears it.
 */

import { type SeriesSummary, seriesSummary } from "../lib/series_summary.ts";
import { formatBytes, formatCount } from "../../format/units.ts";
import { formatDateTime } from "../lib/time_format.ts";
import type { SeriesData } from "../../stats/rate_series.ts";
import { useMemo, useState } from "../deps.ts";
import { formatRate, rateAxisTitle, rateScale, type RateUnit } from "../lib/rate_units.ts";
import { stackedPoints } from "../lib/stacked_points.ts";
import type { ChartColors } from "../lib/theme.ts";
import {
  FILE_ONLY_WINDOWS,
  TIME_WINDOWS,
  type TimeWindow,
  type WindowId,
} from "../lib/time_windows.ts";
import { formatDuration } from "../../format/units.ts";
import { EmptyNote } from "./empty_note.tsx";
import { Panel } from "./panel.tsx";
import { RateChart, type TimeRange } from "./rate_chart.tsx";
import { RangeChip } from "./range_chip.tsx";
import { Segmented } from "./segmented.tsx";
import { SeriesLegend } from "./series_legend.tsx";
import type { AlertMarker } from "../lib/alert_markers.ts";
import type { KeepSummary } from "../../wire/stats_document.ts";
import { PcapDownload } from "./pcap_download.tsx";

/**
 * Points drawn per chart at most: about one per two pixels of a wide chart. The hour window's
 * 3600 seconds are thinned to this by min-max decimation.
 */
export const MAX_CHART_POINTS = 800;

export interface TimelinePanelProps {
  series: SeriesData | null;
  window: TimeWindow;
  onWindow: (id: WindowId) => void;
  unit: RateUnit;
  colors: ChartColors;
  range: TimeRange | null;
  onRange: (range: TimeRange | null) => void;
  seriesError: string | null;
  /** The source is a file: its longer windows are offered (the server keeps 30 days). */
  file: boolean;
  /** The capture's span, to say what part of it a clipped whole-capture window shows. */
  spanMs: number;
  /** Alerts marked on the time axis. */
  markers?: readonly AlertMarker[];
  /** With `--keep`: what the packet ring holds, and the page offers it as pcap. */
  keep?: KeepSummary | undefined;
}

const WHOLE = { value: "all", label: "Whole capture" } as const;
const FILE_WINDOW_OPTIONS = [WHOLE, ...TIME_WINDOWS.map((w) => ({ value: w.id, label: w.label }))];
const LIVE_WINDOW_OPTIONS = FILE_WINDOW_OPTIONS.filter((o) =>
  !FILE_ONLY_WINDOWS.has(o.value as WindowId)
);
type Metric = "bps" | "pps";

export function TimelinePanel(props: TimelinePanelProps) {
  const { series, window: w, unit } = props;
  const [metric, setMetric] = useState<Metric>("bps");
  const chart = useMemo(() => {
    if (!series || series.resolutionMs !== w.resolutionMs) return null;
    const xMax = series.startMs + series.buckets * series.resolutionMs;
    const scale = metric === "bps" ? rateScale(unit) : 1;
    return {
      xMin: xMax - w.buckets * w.resolutionMs,
      xMax,
      points: stackedPoints(series, metric, w.buckets, MAX_CHART_POINTS, scale),
    };
  }, [series, w, unit, metric]);
  const format = metric === "pps"
    ? (v: number) => formatCount(v)
    : (v: number) => formatRate(v / rateScale(unit), unit);
  const metricLabel = metric === "pps" ? "Packets/s" : rateAxisTitle(unit);
  const metrics = [
    { value: "bps", label: unit === "bits" ? "Bits/s" : "Bytes/s" },
    { value: "pps", label: "Packets/s" },
  ] as const;

  return (
    <Panel
      id="timeline"
      title="Traffic over time"
      wide
      actions={
        <>
          <Segmented label="Metric" value={metric} options={metrics} onChange={setMetric} />
          <Segmented
            label="Time window"
            value={w.id}
            options={props.file ? FILE_WINDOW_OPTIONS : LIVE_WINDOW_OPTIONS}
            onChange={props.onWindow}
          />
        </>
      }
    >
      {props.range && series && (
        <RangeChip
          range={props.range}
          series={series}
          onClear={() => props.onRange(null)}
        />
      )}
      {props.seriesError && <p class="inline-error" role="alert">{props.seriesError}</p>}
      {"clipped" in w && w.clipped === true && (
        <p class="hint" data-testid="window-clipped">
          The last {formatDuration((w.buckets * w.resolutionMs) / 1000)} of a{" "}
          {formatDuration(props.spanMs / 1000)} capture: the server keeps that much history.
        </p>
      )}
      {chart === null ? <EmptyNote message={`Loading the ${w.label} history…`} /> : (
        <RateChart
          id="chart-traffic"
          label={`${metricLabel} over ${
            w.id === "all" ? "the whole capture" : `the last ${w.label}`
          }, by protocol`}
          points={chart.points}
          xMin={chart.xMin}
          xMax={chart.xMax}
          format={format}
          colors={props.colors}
          range={props.range}
          onRange={props.onRange}
          {...(props.markers ? { markers: props.markers } : {})}
        />
      )}
      {chart !== null && series && (
        <p class="hint" data-testid="timeline-summary">
          {summaryText(seriesSummary(series, chart.xMin, chart.xMax), unit)}
        </p>
      )}
      {props.keep && <PcapDownload keep={props.keep} />}
      <SeriesLegend />
    </Panel>
  );
}

/** The chart in words (lib/series_summary.ts): totals, shares by family, the busiest bucket. */
function summaryText(s: SeriesSummary, unit: RateUnit): string {
  if (s.packets === 0) return "No traffic in this span.";
  const shares = s.families.map((f) => `${f.label} ${(100 * f.share).toFixed(0)}%`).join(", ");
  const peak = s.peak
    ? `; busiest at ${formatDateTime(s.peak.atMs)}, ${formatRate(s.peak.bps, unit)}`
    : "";
  return `Shown: ${formatCount(s.packets)} packets, ${formatBytes(s.bytes)} (${shares})${peak}.`;
}
