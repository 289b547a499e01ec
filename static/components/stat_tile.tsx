/** @jsxImportSource npm:preact@10 */
/** One number of the header strip. `value` is the raw number, kept in `data-value` so tests
 * (and scrapers) compare exact values with /stats whatever the display rounding. */

export interface StatTileProps {
  id: string;
  label: string;
  text: string;
  value?: number;
  detail?: string | undefined;
  tone?: "alert" | "muted";
  title?: string;
}

export function StatTile(props: StatTileProps) {
  return (
    <div
      class={props.tone ? `tile tile-${props.tone}` : "tile"}
      data-testid={props.id}
      title={props.title}
    >
      <div class="tile-label">{props.label}</div>
      <div class="tile-value" data-value={props.value}>{props.text}</div>
      {props.detail && <div class="tile-detail">{props.detail}</div>}
    </div>
  );
}
