/**
 * Alert markers on the traffic timeline: one thin line per alert at its first sighting, in the
 * severity's colour, with the alert as its tooltip. Drawn as elements over the canvas (like the
 * range band), so the chart itself is untouched and a marker can be found by tests.
 */
import type { Alert, Severity } from "../../alerts/alert.ts";

/** Markers drawn at most: the newest; more would be a solid wall, not information. */
export const MAX_MARKERS = 100;

export interface AlertMarker {
  id: number;
  timeMs: number;
  severity: Severity;
  label: string;
}

/** The newest alerts as markers (acknowledged ones too: they still explain the traffic). */
export function alertMarkers(alerts: readonly Alert[]): AlertMarker[] {
  return alerts.slice(0, MAX_MARKERS).map((a) => ({
    id: a.id,
    timeMs: a.firstSeenMs,
    severity: a.severity,
    label: `${a.severity}: ${a.rule} on ${a.subject.key}: ${a.message}`,
  }));
}

/** What of a Chart.js chart the markers need. */
export interface MarkerChart {
  chartArea: { left: number; right: number; top: number; bottom: number };
  scales: { x?: { getPixelForValue(value: number): number } };
}

/** Place `markers` inside `el` (over the chart); those outside the x range are left out. */
export function placeMarkers(
  chart: MarkerChart,
  el: HTMLElement | null,
  markers: readonly AlertMarker[],
): void {
  if (!el) return;
  const area = chart.chartArea;
  const x = chart.scales.x;
  const children: HTMLElement[] = [];
  for (const m of markers) {
    const px = x?.getPixelForValue(m.timeMs) ?? NaN;
    if (!(px >= area.left && px <= area.right)) continue;
    const mark = document.createElement("div");
    mark.className = `marker marker-${m.severity}`;
    mark.dataset.alertId = String(m.id);
    mark.title = m.label;
    mark.style.left = `${px}px`;
    mark.style.top = `${area.top}px`;
    mark.style.height = `${area.bottom - area.top}px`;
    children.push(mark);
  }
  el.replaceChildren(...children);
}
