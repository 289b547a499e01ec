/** @jsxImportSource npm:preact@10 */
/** The selected time range: what it holds, what it scopes, and a way out. */

import { formatBytes, formatCount } from "../../format/units.ts";
import type { SeriesData } from "../../stats/rate_series.ts";
import { rangeTotals } from "../lib/stacked_points.ts";
import { formatRange } from "../lib/time_format.ts";
import type { TimeRange } from "./rate_chart.tsx";

export interface RangeChipProps {
  range: TimeRange;
  series: SeriesData;
  onClear: () => void;
}

export function RangeChip(props: RangeChipProps) {
  const { fromMs, toMs } = props.range;
  const totals = rangeTotals(props.series, fromMs, toMs);
  return (
    <div class="range-chip" data-testid="range">
      <span>
        <strong>{formatRange(fromMs, toMs)}</strong>: {formatCount(totals.packets)} packets,{" "}
        {formatBytes(totals.bytes)}. Conversations and recent packets show this range only.
      </span>
      <button type="button" onClick={props.onClear}>Clear selection</button>
    </div>
  );
}
