/** @jsxImportSource npm:preact@10 */
/**
 * Conversations: sortable, filterable, paginated. The default view (busiest by 2 s rate, first
 * page, no filter) is what the stream carries; any other view asks the server for that page
 * (`/api/flows`) once per update, so the page never holds the whole flow table.
 *
 * A selected time range keeps the flows active in it (first seen before its end, last seen
 * after its start), searched among the server's first 1000 in the chosen order. Each page
 * carries the names and places of its flows' addresses; free-text words match names too.
 */

import type { FlowSort } from "../../stats/flow_query.ts";
import { useState } from "../deps.ts";
import { filterParams, matchesWords, parseDisplayFilter } from "../lib/display_filter.ts";
import type { LiveState } from "../lib/live_state.ts";
import type { PageFlows } from "../lib/page_stats.ts";
import type { RateUnit } from "../lib/rate_units.ts";
import { usePolled } from "../lib/use_polled.ts";
import { ConversationsTable } from "./conversations_table.tsx";
import { EmptyNote } from "./empty_note.tsx";
import { FilterInput } from "./filter_input.tsx";
import { Pager } from "./pager.tsx";
import { Panel } from "./panel.tsx";
import type { TimeRange } from "./rate_chart.tsx";

/** Rows per page: the stream's page size (server EVENT_FLOWS), so the default view needs no fetch. */
export const FLOW_PAGE_SIZE = 20;
/** Flows searched for a time range: the server's largest page (FLOW_QUERY_MAX_LIMIT). */
const RANGE_SEARCH_LIMIT = 1000;

export interface ConversationsPanelProps {
  live: LiveState;
  range: TimeRange | null;
  unit: RateUnit;
}

export function ConversationsPanel({ live, range, unit }: ConversationsPanelProps) {
  const running = live.stats.capture.state === "running";
  // Once a capture has ended every rate is zero: order by volume instead.
  const [chosenSort, setSort] = useState<FlowSort | null>(null);
  const sort = chosenSort ?? (running ? "rate" : "bytes");
  const [order, setOrder] = useState<"asc" | "desc">("desc");
  const [page, setPage] = useState(0);
  const [text, setText] = useState("");
  const filter = parseDisplayFilter(text);
  const params = filterParams(filter);
  const fromStream = range === null && params.size === 0 && sort === "rate" && order === "desc" &&
    page === 0;
  params.set("sort", sort);
  params.set("order", order);
  params.set("limit", String(range ? RANGE_SEARCH_LIMIT : FLOW_PAGE_SIZE));
  params.set("offset", String(range ? 0 : page * FLOW_PAGE_SIZE));
  const polled = usePolled<PageFlows>(fromStream ? null : `/api/flows?${params}`, live.seq);
  const flowPage = fromStream ? live.flows : polled.data;

  const addresses = flowPage?.addresses;
  let rows = flowPage?.flows ?? [];
  rows = rows.filter((f) =>
    matchesWords(
      filter,
      `${f.aIp} ${f.bIp} ${f.aPort} ${f.bPort} ${f.protocol} ${f.service} ${f.state} ${
        addresses?.[f.aIp]?.name ?? ""
      } ${addresses?.[f.bIp]?.name ?? ""}`,
    ) &&
    (range === null || (f.firstSeenMs < range.toMs && f.lastSeenMs >= range.fromMs))
  );
  // Free-text words and ranges are applied here, so the count is of what is shown.
  const clientSide = range !== null || filter.words.length > 0;
  const total = clientSide ? rows.length : flowPage?.matched ?? 0;
  if (range) rows = rows.slice(page * FLOW_PAGE_SIZE, (page + 1) * FLOW_PAGE_SIZE);

  const onSort = (next: FlowSort) => {
    if (next === sort) setOrder(order === "desc" ? "asc" : "desc");
    else {
      setSort(next);
      setOrder("desc");
    }
    setPage(0);
  };
  const active = live.stats.flows.active;
  return (
    <Panel
      id="conversations"
      title="Conversations"
      scope={range ? "selected range" : `${active.toLocaleString("en-US")} active flows`}
      wide
      actions={
        <FilterInput
          id="flow-filter"
          value={text}
          placeholder="Filter: ip 10.0.0.1, port 443, udp, dns…"
          onInput={(v) => {
            setText(v);
            setPage(0);
          }}
        />
      }
    >
      {polled.error && !fromStream && <p class="inline-error" role="alert">{polled.error}</p>}
      {flowPage === null
        ? <EmptyNote message="Loading conversations…" />
        : rows.length === 0
        ? (
          <EmptyNote
            message={text || range ? "No conversation matches." : "No conversations yet."}
            hint={text || range
              ? "Try a wider filter or clear the selected range."
              : "Flows appear with the first IP packet."}
          />
        )
        : (
          <ConversationsTable
            flows={rows}
            addresses={addresses}
            sort={sort}
            order={order}
            onSort={onSort}
            unit={unit}
          />
        )}
      <Pager page={page} pageSize={FLOW_PAGE_SIZE} total={total} onPage={setPage} />
    </Panel>
  );
}
