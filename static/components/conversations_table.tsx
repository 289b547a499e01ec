/** @jsxImportSource npm:preact@10 */
/**
 * Flows as table rows; clicking a sortable header sorts by it (again: reverses the order).
 * A finished capture's flows show their average rate over their own duration instead of the
 * last 2/10/40 s, which read zero once nothing moves. On a phone only the key columns stay
 * (`col-more` cells are hidden by the stylesheet).
 */

import { formatBytes, formatCount, formatDuration } from "../../format/units.ts";
import type { FlowRecord, FlowSort } from "../../stats/flow_query.ts";
import type { AddressBook, PageFlow } from "../lib/page_stats.ts";
import type { FlowProcessDocument } from "../../wire/process_document.ts";
import { formatRate, type RateUnit } from "../lib/rate_units.ts";
import { AddressNote } from "./address_note.tsx";
import { endpoint } from "./packets_table.tsx";
import { PcapLink } from "./pcap_download.tsx";
import { flowBpf } from "../lib/pcap_links.ts";

export interface ConversationsTableProps {
  flows: (FlowRecord & Partial<PageFlow>)[];
  /** The page's `addresses`: names and places beside both ends; absent, bare addresses. */
  addresses?: AddressBook | undefined;
  sort: FlowSort;
  order: "asc" | "desc";
  onSort: (sort: FlowSort) => void;
  unit: RateUnit;
  /** The capture has ended: averages, not the last seconds' rates. */
  finished?: boolean;
  /** The server keeps packets (`--keep`): each row offers its flow as pcap. */
  keep?: boolean;
}

interface Column {
  label: string;
  sort?: FlowSort;
  num?: boolean;
  title?: string;
  /** Hidden on a phone: the key columns say who talked and how much. */
  more?: boolean;
}

const LEADING: Column[] = [
  { label: "Protocol" },
  { label: "Endpoint A", title: "The side that sent the first packet seen" },
  { label: "Endpoint B" },
  { label: "Packets", sort: "packets", num: true, more: true },
  { label: "Bytes", sort: "bytes", num: true },
];
const LIVE_RATES: Column[] = [
  { label: "2 s", sort: "rate", num: true, title: "Rate over the last 2 seconds", more: true },
  { label: "10 s", sort: "rate10s", num: true, title: "Rate over the last 10 seconds", more: true },
  { label: "40 s", sort: "rate40s", num: true, title: "Rate over the last 40 seconds", more: true },
];
const AVERAGE_RATE: Column[] = [
  { label: "Average", num: true, title: "Bytes over the flow's own duration", more: true },
];
const TRAILING: Column[] = [
  { label: "Duration", sort: "duration", num: true, more: true },
  { label: "State", more: true },
];
const DOWNLOAD: Column[] = [{ label: "Packets kept", title: "This flow's kept packets as pcap" }];

export function ConversationsTable(props: ConversationsTableProps) {
  const rate = (bps: number) => formatRate(bps, props.unit);
  const COLUMNS = [
    ...LEADING,
    ...(props.finished ? AVERAGE_RATE : LIVE_RATES),
    ...TRAILING,
    ...(props.keep ? DOWNLOAD : []),
  ];
  const more = (c: string | undefined) => c ? `${c} col-more` : "col-more";
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
                  class={c.more ? more(c.num ? "num" : undefined) : c.num ? "num" : undefined}
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
                <ProcessNote process={f.aProcess} />
                <AddressNote info={props.addresses?.[f.aIp]} />
              </td>
              <td class="addr">
                {endpoint(f.bIp, f.bPort)}
                <ProcessNote process={f.bProcess} />
                <AddressNote info={props.addresses?.[f.bIp]} />
              </td>
              <td class="num col-more">{formatCount(f.packets)}</td>
              <td
                class="num"
                title={`A→B ${formatBytes(f.aToBBytes)}, B→A ${formatBytes(f.bToABytes)}`}
              >
                {formatBytes(f.bytes)}
              </td>
              {props.finished ? <td class="num col-more">{averageRate(f, rate)}</td> : (
                <>
                  <td class="num col-more">{rate(f.bps[0])}</td>
                  <td class="num col-more">{rate(f.bps[1])}</td>
                  <td class="num col-more">{rate(f.bps[2])}</td>
                </>
              )}
              <td class="num col-more">{formatDuration(f.durationMs / 1000)}</td>
              <td class="col-more">
                {f.state && <span class={`state state-${f.state}`}>{f.state}</span>}
              </td>
              {props.keep && (
                <td>
                  <PcapLink filter={flowBpf(f)} what="this flow" testId="flow-pcap" />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The program of this host at a local endpoint, beside it, as the Processes panel names it. */
function ProcessNote({ process }: { process: FlowProcessDocument | null | undefined }) {
  if (!process) return null;
  return (
    <span
      class="service process"
      data-testid="flow-process"
      title={`${process.user}, pid ${process.pid}`}
    >
      {process.name}
    </span>
  );
}

/**
 * Below this span a flow's average is left out: two packets a microsecond apart would "average"
 * megabits per second.
 */
const MIN_AVERAGE_SPAN_MS = 1000;

/** Bits per second over the flow's own span, when it lasted long enough to say ("—" else). */
function averageRate(f: FlowRecord, rate: (bps: number) => string): string {
  return f.durationMs >= MIN_AVERAGE_SPAN_MS ? rate((f.bytes * 8) / (f.durationMs / 1000)) : "—";
}
