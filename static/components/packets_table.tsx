/** @jsxImportSource npm:preact@10 */
/** Recent packets, newest first; a row click (or Enter) selects it for the detail panel. */

import type { PacketRecord } from "../../stats/recent_packets.ts";
import { formatClockMs, formatDate } from "../lib/time_format.ts";

export interface PacketsTableProps {
  packets: PacketRecord[];
  selected: number | null;
  onSelect: (packet: PacketRecord) => void;
  /** The capture spans more than one day: times carry their date. */
  showDate?: boolean;
}

export function PacketsTable(props: PacketsTableProps) {
  return (
    <div class="table-wrap">
      <table class="data packets" data-testid="packets-table">
        <thead>
          <tr>
            <th scope="col" class="num col-more">No.</th>
            <th scope="col">Time</th>
            <th scope="col">Source</th>
            <th scope="col">Destination</th>
            <th scope="col">Protocol</th>
            <th scope="col" class="num col-more">Length</th>
            <th scope="col">Info</th>
          </tr>
        </thead>
        <tbody>
          {
            // Keyed by position, not by packet: when every row is new each second (a busy
            // link), patching the cells' text is far cheaper than replacing 50 rows.
          }
          {props.packets.map((p, i) => (
            <tr
              key={i}
              tabIndex={0}
              aria-selected={p.seq === props.selected}
              onClick={() => props.onSelect(p)}
              onKeyDown={(e) => e.key === "Enter" && props.onSelect(p)}
            >
              <td class="num col-more">{p.seq}</td>
              <td class="time">
                {props.showDate ? `${formatDate(p.timeMs)} ` : ""}
                {formatClockMs(p.timeMs)}
              </td>
              <td class="addr">{endpoint(p.src, p.srcPort)}</td>
              <td class="addr">{endpoint(p.dst, p.dstPort)}</td>
              <td>{p.protocol}</td>
              <td class="num col-more">{p.length}</td>
              <td class="info">{p.info}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "10.0.0.1:53", "[2001:db8::1]:443" (RFC 3986 brackets), or the bare address. */
export function endpoint(ip: string, port: number | null): string {
  if (port === null) return ip;
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}
