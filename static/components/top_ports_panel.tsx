/** @jsxImportSource npm:preact@10 */
/** The busiest TCP and UDP service ports, by packets. */

import { formatBytes, formatCount } from "../../format/units.ts";
import type { PortRow } from "../../stats/port_table.ts";
import { BarList } from "./bar_list.tsx";
import { EmptyNote } from "./empty_note.tsx";
import { Panel } from "./panel.tsx";

export function TopPortsPanel({ ports }: { ports: PortRow[] }) {
  return (
    <Panel id="ports" title="Top ports and services" scope="whole capture">
      {ports.length === 0 ? <EmptyNote message="No TCP or UDP traffic yet." /> : (
        <BarList
          testId="top-ports"
          label="Top ports"
          rows={ports.map((p) => ({
            key: `${p.protocol}/${p.port}`,
            label: `${p.port}/${p.protocol}`,
            detail: p.service,
            value: p.packets,
            text: `${formatCount(p.packets)} · ${formatBytes(p.bytes)}`,
          }))}
        />
      )}
    </Panel>
  );
}
