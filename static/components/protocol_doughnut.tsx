/** @jsxImportSource npm:preact@10 */
/** The protocol mix as a doughnut, created once and updated in place. */

import { type Chart, useLayoutEffect, useRef } from "../deps.ts";
import { registerCharts } from "../lib/charts.ts";
import type { ProtocolSlice } from "../lib/protocol_slices.ts";
import type { ChartColors } from "../lib/theme.ts";

export interface ProtocolDoughnutProps {
  slices: ProtocolSlice[];
  colors: ChartColors;
  format: (slice: ProtocolSlice) => string;
}

type DoughnutChart = Chart<"doughnut", number[], string>;

export function ProtocolDoughnut(props: ProtocolDoughnutProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<DoughnutChart | null>(null);
  const latest = useRef(props);
  latest.current = props;

  // A layout effect, like the update below, so the first update finds the chart.
  useLayoutEffect(() => {
    const Chart = registerCharts();
    chart.current = new Chart(canvas.current!, {
      type: "doughnut",
      data: { labels: [], datasets: [{ data: [], borderWidth: 2 }] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        cutout: "62%",
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) => {
                const slice = latest.current.slices[item.dataIndex];
                return slice ? `${slice.label}: ${latest.current.format(slice)}` : "";
              },
            },
          },
        },
      },
    }) as unknown as DoughnutChart;
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useLayoutEffect(() => {
    const c = chart.current;
    if (!c) return;
    const { slices, colors } = props;
    c.data.labels = slices.map((s) => s.label);
    const ds = c.data.datasets[0]!;
    ds.data = slices.map((s) => s.packets);
    ds.backgroundColor = slices.map((s) => colors.series[s.key] ?? colors.text);
    ds.borderColor = colors.surface;
    c.update("none");
  }, [props.slices, props.colors]);

  const total = props.slices.reduce((sum, s) => sum + s.packets, 0);
  return (
    <div class="chart chart-doughnut">
      <canvas
        ref={canvas}
        id="chart-protocols"
        role="img"
        aria-label={`Protocol mix of ${total} packets`}
      />
    </div>
  );
}
