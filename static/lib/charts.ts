/**
 * Chart.js with only what the page draws registered (line and doughnut), so the bundle leaves
 * out the rest, and the defaults every live chart needs: no animation, no parsing (points are
 * already `{x, y}` numbers), no per-point hit testing beyond the tooltip.
 */

import {
  ArcElement,
  Chart,
  DoughnutController,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "../deps.ts";

/** The page font (styles/theme.css): canvas text cannot inherit it. */
export const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

let registered = false;

export function registerCharts(): typeof Chart {
  if (!registered) {
    Chart.register(
      LineController,
      LineElement,
      PointElement,
      LinearScale,
      Filler,
      Tooltip,
      DoughnutController,
      ArcElement,
    );
    Chart.defaults.animation = false;
    Chart.defaults.font.family = FONT_STACK;
    registered = true;
  }
  return Chart;
}
