/** @jsxImportSource npm:preact@10 */
/** Color key of the timeline's families (an HTML list: readable, selectable, no canvas). */

const FAMILIES = [
  ["tcp", "TCP"],
  ["udp", "UDP"],
  ["icmp", "ICMP"],
  ["other-ip", "Other IP"],
  ["non-ip", "Not IP"],
] as const;

export function SeriesLegend() {
  return (
    <ul class="legend" aria-label="Chart colors">
      {FAMILIES.map(([key, label]) => (
        <li key={key}>
          <span class={`swatch swatch-${key}`} aria-hidden="true" />
          {label}
        </li>
      ))}
      <li class="hint">Drag across a chart to select a time range; click to clear it.</li>
    </ul>
  );
}
