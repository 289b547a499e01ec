/** @jsxImportSource npm:preact@10 */
/** Protocol distribution: the doughnut and, beside it, the same numbers as a table. */

import { formatBytes, formatCount } from "../../format/units.ts";
import type { StatsSnapshot } from "../../stats/snapshot.ts";
import { useMemo } from "../deps.ts";
import { protocolSlices } from "../lib/protocol_slices.ts";
import type { ChartColors } from "../lib/theme.ts";
import { Panel } from "./panel.tsx";
import { ProtocolDoughnut } from "./protocol_doughnut.tsx";

export interface ProtocolPanelProps {
  stats: StatsSnapshot;
  colors: ChartColors;
}

export function ProtocolPanel({ stats, colors }: ProtocolPanelProps) {
  const slices = useMemo(
    () => protocolSlices(stats),
    [stats.outerL3, stats.outerL4, stats.outerL3Bytes, stats.outerL4Bytes],
  );
  const total = stats.packets || 1;
  return (
    <Panel id="protocols" title="Protocols" scope="whole capture">
      <div class="protocols">
        <ProtocolDoughnut
          slices={slices}
          colors={colors}
          format={(s) => `${formatCount(s.packets)} packets, ${formatBytes(s.bytes)}`}
        />
        <table class="compact">
          <thead>
            <tr>
              <th scope="col">Protocol</th>
              <th scope="col" class="num">Packets</th>
              <th scope="col" class="num">%</th>
              <th scope="col" class="num">Bytes</th>
            </tr>
          </thead>
          <tbody>
            {slices.filter((s) => s.packets > 0).map((s) => (
              <tr key={s.key} data-protocol={s.key}>
                <th scope="row">
                  <span class={`swatch swatch-${s.key}`} aria-hidden="true" />
                  {s.label}
                </th>
                <td class="num" data-value={s.packets}>{formatCount(s.packets)}</td>
                <td class="num">{((100 * s.packets) / total).toFixed(1)}</td>
                <td class="num" data-value={s.bytes}>{formatBytes(s.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
