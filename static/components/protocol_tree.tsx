/** @jsxImportSource npm:preact@10 */
/** The protocol hierarchy (frame > eth > vlan > ipv4 > tcp), like tshark's `-z io,phs`. */

import { formatBytes, formatCount } from "../../format/units.ts";
import type { HierarchyNode } from "../../stats/protocol_mix.ts";
import { useMemo } from "../deps.ts";
import { hierarchyRows } from "../lib/hierarchy_rows.ts";
import { EmptyNote } from "./empty_note.tsx";
import { Panel } from "./panel.tsx";

export function ProtocolTree(props: { hierarchy: HierarchyNode }) {
  const rows = useMemo(() => hierarchyRows(props.hierarchy), [props.hierarchy]);
  const total = props.hierarchy.packets || 1;
  return (
    <Panel id="hierarchy" title="Protocol hierarchy" scope="whole capture">
      {rows.length === 0 ? <EmptyNote message="No frames yet." /> : (
        <table class="compact tree">
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col" class="num">Packets</th>
              <th scope="col" class="num">Bytes</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row" class={`depth-${Math.min(r.depth, 6)}`}>
                  {r.name}
                  <span class="share" aria-hidden="true">
                    <span class="share-bar" style={{ width: `${(100 * r.packets) / total}%` }} />
                  </span>
                </th>
                <td class="num" data-value={r.packets}>{formatCount(r.packets)}</td>
                <td class="num">{formatBytes(r.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
