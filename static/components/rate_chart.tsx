/** @jsxImportSource npm:preact@10 */
/**
 * One stacked-area rate chart (packets/s or bits/s by protocol family). The Chart.js instance is
 * created once and updated in place with `update("none")`; dragging across it selects a time
 * range, a click clears it.
 */

import { type TimeAxis, useKeyboardRange } from "../lib/use_keyboard_range.ts";
import { type Chart, type ChartConfiguration, useLayoutEffect, useRef } from "../deps.ts";
import { registerCharts } from "../lib/charts.ts";
import { type Point, STACKED_FAMILIES, type StackedFamily } from "../lib/stacked_points.ts";
import type { ChartColors } from "../lib/theme.ts";
import { formatDateTime } from "../lib/time_format.ts";
import { roundTicks, tickLabel, tickStep } from "../lib/time_ticks.ts";
import { type AlertMarker, placeMarkers } from "../lib/alert_markers.ts";

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

export interface RateChartProps {
  id: string;
  label: string;
  points: Record<StackedFamily, Point[]>;
  xMin: number;
  xMax: number;
  format: (value: number) => string;
  colors: ChartColors;
  range: TimeRange | null;
  onRange: (range: TimeRange | null) => void;
  /** Alerts to mark on the time axis. */
  markers?: readonly AlertMarker[];
}

const FAMILY_LABELS: Record<StackedFamily, string> = {
  tcp: "TCP",
  udp: "UDP",
  icmp: "ICMP",
  "other-ip": "Other IP",
  "non-ip": "Not IP",
};
/** A drag shorter than this (CSS px) is a click: it clears the selection. */
const MIN_DRAG_PX = 5;
/**
 * Tick labels measured to lay out an axis. Chart.js measures every label's text on every
 * update by default; ours are all alike (clock times, "1.2 Mbit/s"), so a few tell the size.
 */
const TICK_SAMPLE = 3;
/** Time ticks on the x axis at most: room for "06-18 10:30" labels on a phone. */
const MAX_TIME_TICKS = 6;
/** Fill opacity, as a hex alpha suffix: the areas stay readable where they stack. */
const FILL_ALPHA = "99";

type LineChart = Chart<"line", Point[]>;

export function RateChart(props: RateChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const band = useRef<HTMLDivElement>(null);
  const marks = useRef<HTMLDivElement>(null);
  const chart = useRef<LineChart | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const drag = useRef<{ startPx: number } | null>(null);
  const cursor = useRef<HTMLDivElement>(null);
  /** The x axis's tick step and bounds, from its last layout, for the tick labels. */
  const xTicks = useRef({ step: 1000, min: 0, max: 0 });

  // A layout effect, like the update below, so the first update finds the chart.
  useLayoutEffect(() => {
    const Chart = registerCharts();
    chart.current = new Chart(canvas.current!, chartConfig(latest, xTicks)) as unknown as LineChart;
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useLayoutEffect(() => {
    const c = chart.current;
    if (!c) return;
    const { colors } = props;
    c.data.datasets.forEach((ds, i) => {
      const family = STACKED_FAMILIES[i]!;
      ds.data = props.points[family];
      const color = colors.series[family] ?? colors.text;
      ds.borderColor = color;
      ds.backgroundColor = color + FILL_ALPHA;
    });
    const scales = c.options.scales!;
    scales.x!.min = props.xMin;
    scales.x!.max = props.xMax;
    for (const axis of [scales.x!, scales.y!]) {
      axis.ticks!.color = colors.text;
      axis.grid!.color = colors.grid;
    }
    c.update("none");
    // The axis labels as drawn, for tests and scrapers (the canvas itself has no text).
    canvas.current!.dataset.ticks = c.scales.x!.ticks.map((t) => t.label).join("|");
    // While the user drags, the band follows the pointer, not the last selection.
    if (!drag.current) placeBand(c, band.current, props.range);
    placeMarkers(c, marks.current, props.markers ?? []);
  }, [props.points, props.colors, props.xMin, props.xMax, props.range, props.markers]);

  const pointer = pointerRangeHandlers(canvas, band, chart, drag, latest);

  // The keyboard's drag (lib/keyboard_range.ts): arrows move a cursor, Shift+arrows select.
  const keys = useKeyboardRange(
    props.xMin,
    props.xMax,
    () => timeAxis(chart.current),
    cursor,
    (r) => latest.current.onRange(r),
  );

  return (
    <div
      class="chart chart-line"
      tabIndex={0}
      role="group"
      aria-label={`${props.label}. Select a time range: arrow keys move, Shift with arrows selects, Escape clears.`}
      data-testid={`${props.id}-keys`}
      onPointerDown={pointer.onDown}
      onPointerMove={pointer.onMove}
      onPointerUp={pointer.onUp}
      onPointerCancel={pointer.onCancel}
      onKeyDown={keys.onKeyDown}
      onBlur={keys.onBlur}
    >
      <canvas ref={canvas} id={props.id} role="img" aria-label={props.label} />
      <div ref={band} class="band" hidden />
      <div ref={cursor} class="key-cursor" hidden />
      <div ref={marks} class="markers" data-testid="alert-markers" />
    </div>
  );
}

/** The chart as first made: stacked areas, round time ticks, the caller's number format. */
function chartConfig(
  latest: { current: RateChartProps },
  xTicks: { current: { step: number; min: number; max: number } },
): ChartConfiguration<"line", Point[]> {
  return {
    type: "line",
    data: {
      // Points come stacked (lib/stacked_points.ts): each band fills down to the one below.
      datasets: STACKED_FAMILIES.map((f, i) => ({
        label: FAMILY_LABELS[f],
        data: [],
        fill: i === 0 ? "origin" : "-1",
        pointRadius: 0,
        borderWidth: 1,
        tension: 0,
        // Buckets are contiguous: no gaps to look for, which lets Chart.js draw the fast path.
        spanGaps: true,
      })),
    },
    options: {
      parsing: false,
      normalized: true,
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        x: {
          type: "linear",
          // Round local times (lib/time_ticks.ts) instead of even divisions of the span.
          afterBuildTicks: (axis) => {
            const { min, max } = axis;
            const step = tickStep(min, max, MAX_TIME_TICKS);
            xTicks.current = { step, min, max };
            axis.ticks = roundTicks(min, max, step).map((value) => ({ value }));
          },
          ticks: {
            callback: (v) => {
              const { step, min, max } = xTicks.current;
              return tickLabel(Number(v), step, min, max);
            },
            maxTicksLimit: 6,
            maxRotation: 0,
            sampleSize: TICK_SAMPLE,
          },
        },
        y: {
          type: "linear",
          beginAtZero: true,
          ticks: {
            callback: (v) => latest.current.format(Number(v)),
            maxTicksLimit: 5,
            sampleSize: TICK_SAMPLE,
          },
        },
      },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => formatDateTime(items[0]?.parsed.x ?? 0),
            label: (item) =>
              `${item.dataset.label}: ${latest.current.format((item.raw as Point).v)}`,
          },
        },
      },
    },
  };
}

/** Dragging across the chart selects a time range; a click (a drag under MIN_DRAG_PX) clears. */
function pointerRangeHandlers(
  canvas: { current: HTMLCanvasElement | null },
  band: { current: HTMLDivElement | null },
  chart: { current: LineChart | null },
  drag: { current: { startPx: number } | null },
  latest: { current: RateChartProps },
) {
  const localX = (e: PointerEvent) => e.clientX - canvas.current!.getBoundingClientRect().left;
  const onDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    drag.current = { startPx: localX(e) };
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
  };
  const onMove = (e: PointerEvent) => {
    const d = drag.current;
    const c = chart.current;
    if (!d || !c || !band.current) return;
    showBand(band.current, c, Math.min(d.startPx, localX(e)), Math.max(d.startPx, localX(e)));
  };
  const onUp = (e: PointerEvent) => {
    const d = drag.current;
    const c = chart.current;
    drag.current = null;
    if (!d || !c) return;
    const endPx = localX(e);
    if (Math.abs(endPx - d.startPx) < MIN_DRAG_PX) {
      latest.current.onRange(null);
      return;
    }
    const x = c.scales.x!;
    const a = x.getValueForPixel(Math.min(d.startPx, endPx)) ?? 0;
    const b = x.getValueForPixel(Math.max(d.startPx, endPx)) ?? 0;
    latest.current.onRange({
      fromMs: Math.max(a, latest.current.xMin),
      toMs: Math.min(b, latest.current.xMax),
    });
  };
  return { onDown, onMove, onUp, onCancel: () => (drag.current = null) };
}

function showBand(el: HTMLDivElement, c: LineChart, leftPx: number, rightPx: number): void {
  const area = c.chartArea;
  const left = Math.max(area.left, leftPx);
  const right = Math.min(area.right, rightPx);
  el.hidden = right <= left;
  el.style.left = `${left}px`;
  el.style.width = `${right - left}px`;
  el.style.top = `${area.top}px`;
  el.style.height = `${area.bottom - area.top}px`;
}

/** The chart's time axis for the keyboard cursor; null before the chart exists. */
function timeAxis(c: LineChart | null): TimeAxis | null {
  if (c === null) return null;
  return {
    pixelFor: (ms) => c.scales.x!.getPixelForValue(ms),
    top: c.chartArea.top,
    bottom: c.chartArea.bottom,
  };
}

function placeBand(c: LineChart, el: HTMLDivElement | null, range: TimeRange | null): void {
  if (!el) return;
  if (!range) {
    el.hidden = true;
    return;
  }
  const x = c.scales.x!;
  showBand(el, c, x.getPixelForValue(range.fromMs), x.getPixelForValue(range.toMs));
}
