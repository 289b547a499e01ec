/** @jsxImportSource npm:preact@10 */
/** Flows as table rows; clicking a sortable header sorts by it (again: reverses the order). */

import { formatBytes, formatCount, formatDuration } from "../../format/units.ts";
import type { FlowRecord, FlowSort } from "../../stats/flow_query.ts";
import type { AddressBook } from "../lib/page_stats.ts";
import { formatRate, type RateUnit } from "../lib/rate_units.ts";
import { AddressNote } from "./address_note.tsx";
import { endpoint } from "./packets_table.tsx";

export interface ConversationsTableProps {
  flows: FlowRecord[];
  /** The page's `addresses`: names and places beside both ends; absent, bare addresses. */
  addresses?: AddressBook | undefined;
  sort: FlowSort;
  order: "asc" | "desc";
  onSort: (sort: FlowSort) => void;
  unit: RateUnit;
}

const COLUMNS: { label: string; sort?: FlowSort; num?: boolean; title?: string }[] = [
  { label: "Protocol" },
  { label: "Endpoint A", title: "The side that sent the first packet seen" },
  { label: "Endpoint B" },
  { label: "Packets", sort: "packets", num: true },
  { label: "Bytes", sort: "bytes", num: true },
  { label: "2 s", sort: "rate", num: true, title: "Rate over the last 2 seconds" },
  { label: "10 s", sort: "rate10s", num: true, title: "Rate over the last 10 seconds" },
  { label: "40 s", sort: "rate40s", num: true, title: "Rate over the last 40 seconds" },
  { label: "Duration", sort: "duration", num: true },
  { label: "State" },
];

export function ConversationsTable(props: ConversationsTableProps) {
  const rate = (bps: number) => formatRate(bps, props.unit);
  return (
    <div class="table-wrap">
      <table class="data" data-testid="conversations-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const active = c.sort !== undefined && c.sort === props.sort;
              return (
                <th
                  scope="col"
                  key={c.label}
                  class={c.num ? "num" : undefined}
                  title={c.title}
                  aria-sort={active
                    ? (props.order === "asc" ? "ascending" : "descending")
                    : undefined}
                >
                  {c.sort
                    ? (
                      <button type="button" class="sort" onClick={() => props.onSort(c.sort!)}>
                        {c.label}
                        <span aria-hidden="true">
                          {active ? (props.order === "asc" ? " ▲" : " ▼") : ""}
                        </span>
                      </button>
                    )
                    : c.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {/* By position: the busiest flows reorder every second; patching text beats moving rows. */}
          {props.flows.map((f, i) => (
            <tr key={i}>
              <td>
                {f.protocol.toUpperCase()}
                {f.service && <span class="service">{f.service}</span>}
              </td>
              <td class="addr">
                {endpoint(f.aIp, f.aPort)}
                <AddressNote info={props.addresses?.[f.aIp]} />
              </td>
              <td class="addr">
                {endpoint(f.bIp, f.bPort)}
                <AddressNote info={props.addresses?.[f.bIp]} />
              </td>
              <td class="num">{formatCount(f.packets)}</td>
              <td
                class="num"
                title={`A→B ${formatBytes(f.aToBBytes)}, B→A ${formatBytes(f.bToABytes)}`}
              >
                {formatBytes(f.bytes)}
              </td>
              <td class="num">{rate(f.bps[0])}</td>
              <td class="num">{rate(f.bps[1])}</td>
              <td class="num">{rate(f.bps[2])}</td>
              <td class="num">{formatDuration(f.durationMs / 1000)}</td>
              <td>{f.state && <span class={`state state-${f.state}`}>{f.state}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
