/** @jsxImportSource npm:preact@10 */
/**
 * Traffic by country on a world map (a choropleth: the darker, the more), created once and
 * recoloured in place. Shading follows the logarithm of the count, so one busy country does not
 * leave every other one blank; the exact numbers are in the tooltip and in the country table
 * beside the map. Clicking a country asks to scope the page to it.
 */

import {
  type Chart,
  ChoroplethController,
  ColorScale,
  GeoFeature,
  ProjectionScale,
  useLayoutEffect,
  useMemo,
  useRef,
} from "../deps.ts";
import { registerCharts } from "../lib/charts.ts";
import type { ChartColors } from "../lib/theme.ts";
import { countryShapes } from "../lib/world_shapes.ts";

export interface MapCountry {
  code: string;
  name: string;
  /** What the map shades by (packets or bytes, in, out or both). */
  value: number;
  /** The value as people read it, for the tooltip. */
  text: string;
}

export interface WorldMapProps {
  countries: MapCountry[];
  colors: ChartColors & { accent: string; empty: string };
  /** A click on a counted country. */
  onPick: (code: string) => void;
  /** The country under the pointer (its ISO code, "" for an uncounted shape), or null. */
  onHover?: (code: string | null) => void;
  /** "Bytes in", "Packets out"...: what the shading means, for the screen-reader label. */
  measure: string;
}

// deno-lint-ignore no-explicit-any
type GeoChart = Chart<any, any, any>;

let geoRegistered = false;

export function WorldMap(props: WorldMapProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<GeoChart | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const byCode = useMemo(
    () => new Map(props.countries.map((c) => [c.code, c])),
    [props.countries],
  );
  const latestByCode = useRef(byCode);
  latestByCode.current = byCode;

  useLayoutEffect(() => {
    chart.current = createMap(canvas.current!, {
      label: (code) => latestByCode.current.get(code),
      hover: (code) => latest.current.onHover?.(code),
      pick: (code) => {
        if (latestByCode.current.has(code)) latest.current.onPick(code);
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useLayoutEffect(() => {
    const c = chart.current;
    if (!c) return;
    const { colors } = props;
    const shapes = countryShapes();
    const ds = c.data.datasets[0]!;
    // deno-lint-ignore no-explicit-any
    const points = ds.data as any[];
    for (let i = 0; i < shapes.length; i++) {
      const row = byCode.get(shapes[i]!.code);
      points[i]!.value = row && row.value > 0 ? Math.log10(1 + row.value) : NaN;
    }
    // deno-lint-ignore no-explicit-any
    const color = (c.options as any).scales.color;
    color.interpolate = (t: number) => mix(colors.accent, 0.2 + 0.8 * t);
    color.missing = colors.empty;
    ds.borderColor = colors.grid;
    c.update("none");
    markBusiest(c, canvas.current!, shapes.findIndex((s) => s.code === props.countries[0]?.code));
  }, [byCode, props.colors]);

  const top = props.countries[0];
  return (
    <div class="chart chart-map">
      <canvas
        ref={canvas}
        id="chart-world-map"
        role="img"
        aria-label={top
          ? `World map of ${props.measure.toLowerCase()} by country, ${props.countries.length} countries; most: ${top.name}, ${top.text}`
          : `World map of ${props.measure.toLowerCase()} by country: none yet`}
      />
    </div>
  );
}

/** What the map asks of its component: a country's row, and where the pointer went. */
interface MapCallbacks {
  label: (code: string) => MapCountry | undefined;
  hover: (code: string | null) => void;
  pick: (code: string) => void;
}

/** The choropleth over every outline, uncoloured until the first update. */
function createMap(canvas: HTMLCanvasElement, on: MapCallbacks): GeoChart {
  const Chart = registerCharts();
  if (!geoRegistered) {
    Chart.register(ChoroplethController, GeoFeature, ColorScale, ProjectionScale);
    geoRegistered = true;
  }
  const shapes = countryShapes();
  // deno-lint-ignore no-explicit-any
  const shapeAt = (elements: any[]) => shapes[elements[0]?.index ?? -1];
  return new Chart(canvas, {
    type: "choropleth",
    data: {
      labels: shapes.map((s) => s.name),
      datasets: [{
        label: "Traffic",
        data: shapes.map((s) => ({ feature: s.feature, value: NaN })),
        borderWidth: 0.5,
      }],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      showOutline: false,
      showGraticule: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            // deno-lint-ignore no-explicit-any
            label: (item: any) => {
              const shape = shapes[item.dataIndex];
              const row = shape ? on.label(shape.code) : undefined;
              return row ? `${row.name}: ${row.text}` : `${shape?.name ?? ""}: no traffic`;
            },
          },
        },
      },
      scales: {
        projection: { axis: "x", projection: "equalEarth" },
        color: { axis: "x", display: false },
      },
      // deno-lint-ignore no-explicit-any
      onHover: (_event: unknown, elements: any[]) => on.hover(shapeAt(elements)?.code ?? null),
      // deno-lint-ignore no-explicit-any
      onClick: (_event: unknown, elements: any[]) => {
        const shape = shapeAt(elements);
        if (shape) on.pick(shape.code);
      },
    },
  }) as unknown as GeoChart;
}

/**
 * Leave on the canvas where the busiest country is drawn (`data-busiest-x`/`-y`, canvas pixels),
 * a point inside its outline: its centroid, or for a country whose centroid falls outside
 * (overseas parts) the first point of a scan across its bounds. Browser tests point there.
 */
function markBusiest(chart: GeoChart, canvas: HTMLCanvasElement, index: number): void {
  // deno-lint-ignore no-explicit-any
  const element = chart.getDatasetMeta(0).data[index] as any;
  if (!element) {
    delete canvas.dataset.busiestX;
    delete canvas.dataset.busiestY;
    return;
  }
  let { x, y } = element.getCenterPoint();
  if (!element.inRange(x, y)) {
    const b = element.getBounds();
    scan: for (let fy = 0.1; fy < 1; fy += 0.1) {
      for (let fx = 0.1; fx < 1; fx += 0.1) {
        const px = b.x + fx * b.width;
        const py = b.y + fy * b.height;
        if (element.inRange(px, py)) {
          x = px;
          y = py;
          break scan;
        }
      }
    }
  }
  canvas.dataset.busiestX = x.toFixed(1);
  canvas.dataset.busiestY = y.toFixed(1);
}

/** `color` (a CSS hex or rgb() colour) at `alpha`. */
function mix(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const n = parseInt(hex[1]!, 16);
    return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha.toFixed(3)})`;
  }
  return color;
}
