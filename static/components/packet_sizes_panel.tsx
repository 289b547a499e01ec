/** @jsxImportSource npm:preact@10 */
/**
 * Packet sizes: frames per wire-length bucket (tshark's `-z plen,tree` buckets) as columns, and
 * the same numbers as a table beside them, so the chart's meaning never rests on its shape alone.
 */

import { formatCount } from "../../format/units.ts";
import type { PacketLengthsSnapshot } from "../../stats/packet_lengths.ts";
import { EmptyNote } from "./empty_note.tsx";
import { Panel } from "./panel.tsx";

export function PacketSizesPanel({ lengths }: { lengths: PacketLengthsSnapshot | undefined }) {
  const frames = lengths?.packets ?? 0;
  return (
    <Panel id="packet-sizes" title="Packet sizes" scope="whole capture, wire length">
      {!lengths || frames === 0
        ? <EmptyNote message="No packets yet." hint="Sizes appear with the first frame." />
        : <PacketSizes lengths={lengths} />}
    </Panel>
  );
}

function PacketSizes({ lengths }: { lengths: PacketLengthsSnapshot }) {
  const most = lengths.buckets.reduce((m, b) => Math.max(m, b.packets), 0) || 1;
  const total = lengths.packets;
  const summary = `${formatCount(total)} frames: smallest ${lengths.min} bytes, mean ${
    (lengths.mean ?? 0).toFixed(1)
  }, largest ${lengths.max}`;
  return (
    <>
      <p class="hint" data-testid="packet-sizes-summary">{summary}</p>
      <div class="histogram" aria-hidden="true">
        {lengths.buckets.map((b) => (
          <div class="histogram-column" key={b.range} title={`${b.range}: ${b.packets}`}>
            <span class="histogram-bar" style={{ height: `${(100 * b.packets) / most}%` }} />
            <span class="histogram-label">{b.to === null ? `${b.from}+` : b.from}</span>
          </div>
        ))}
      </div>
      <table class="compact" data-testid="packet-sizes">
        <caption class="visually-hidden">Frames by wire length in bytes</caption>
        <thead>
          <tr>
            <th scope="col">Bytes</th>
            <th scope="col" class="num">Frames</th>
            <th scope="col" class="num">%</th>
            <th scope="col" class="num">Mean</th>
          </tr>
        </thead>
        <tbody>
          {lengths.buckets.map((b) => (
            <tr key={b.range} data-range={b.range}>
              <th scope="row">{b.range}</th>
              <td class="num" data-value={b.packets}>{formatCount(b.packets)}</td>
              <td class="num">{((100 * b.packets) / total).toFixed(1)}</td>
              <td class="num">{b.mean === null ? "–" : b.mean.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
