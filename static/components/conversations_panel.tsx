/** @jsxImportSource npm:preact@10 */
/**
 * Conversations: sortable, filterable, paginated. The default view (busiest by 2 s rate, first
 * page, no filter) is what the stream carries; any other view asks the server for that page
 * (`/api/flows`) once per update, so the page never holds the whole flow table. The filter box
 * is the server's display filter (`filter`: and / or / not / parentheses, words match names
 * too), so it searches every conversation, and what it cannot read is said under the box.
 *
 * A selected time range keeps the flows active in it (first seen before its end, last seen
 * after its start), searched among the server's first 1000 in the chosen order.
 */

import { formatCount } from "../../format/units.ts";
import type { FlowSort } from "../../stats/flow_query.ts";
import { useEffect, useState } from "../deps.ts";
import type { LiveState } from "../lib/live_state.ts";
import type { PageFlows } from "../lib/page_stats.ts";
import type { RateUnit } from "../lib/rate_units.ts";
import { usePolled } from "../lib/use_polled.ts";
import { readUrlState, writeUrlState } from "../lib/url_state.ts";
import { ConversationsTable } from "./conversations_table.tsx";
import { EmptyNote } from "./empty_note.tsx";
import { FilterInput } from "./filter_input.tsx";
import { ExportLinks } from "./export_links.tsx";
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
  /** A filter set from outside (an alert's subject); a new `seq` applies it again. */
  preset?: { text: string; seq: number } | null;
}

export function ConversationsPanel({ live, range, unit, preset }: ConversationsPanelProps) {
  const running = live.stats.capture.state === "running";
  const file = live.stats.meta.sourceKind === "file";
  // Once a capture has ended every rate is zero: order by volume instead.
  // A link's filter and sort (lib/url_state.ts) open the panel that way; changes keep it current.
  const [linked] = useState(readUrlState);
  const [chosenSort, setSort] = useState<FlowSort | null>(linked.sort ?? null);
  const sort = chosenSort ?? (running ? "rate" : "bytes");
  const [order, setOrder] = useState<"asc" | "desc">(linked.order ?? "desc");
  const [page, setPage] = useState(0);
  const [text, setText] = useState(linked.filter ?? "");
  useEffect(
    () =>
      writeUrlState({ filter: text.trim() || null, sort: chosenSort, order: chosenSort && order }),
    [text, chosenSort, order],
  );
  useEffect(() => {
    if (!preset) return;
    setText(preset.text);
    setPage(0);
  }, [preset?.seq]);
  const params = new URLSearchParams();
  if (text.trim() !== "") params.set("filter", text.trim());
  const fromStream = range === null && params.size === 0 && sort === "rate" && order === "desc" &&
    page === 0;
  params.set("sort", sort);
  params.set("order", order);
  params.set("limit", String(range ? RANGE_SEARCH_LIMIT : FLOW_PAGE_SIZE));
  params.set("offset", String(range ? 0 : page * FLOW_PAGE_SIZE));
  const url = fromStream ? null : `/api/flows?${params}`;
  // A finished capture no longer changes: each page is asked for once, not every second.
  const polled = usePolled<PageFlows>(url, running ? live.seq : 0);
  // A refused filter shows why, not the rows of the filter before it.
  const refused = !fromStream && polled.error !== null;
  const flowPage = fromStream ? live.flows : polled.url === url ? polled.data : null;

  const addresses = flowPage?.addresses;
  let rows = flowPage?.flows ?? [];
  if (range) {
    rows = rows.filter((f) => f.firstSeenMs < range.toMs && f.lastSeenMs >= range.fromMs);
  }
  const total = range ? rows.length : flowPage?.matched ?? 0;
  if (range) rows = rows.slice(page * FLOW_PAGE_SIZE, (page + 1) * FLOW_PAGE_SIZE);

  const onSort = (next: FlowSort) => {
    if (next === sort) setOrder(order === "desc" ? "asc" : "desc");
    else {
      setSort(next);
      setOrder("desc");
    }
    setPage(0);
  };
  const flows = live.stats.flows;
  const held = formatCount(flows.active);
  // A file's conversations all stay (up to the table's cap); live ones leave when idle.
  const scope = range ? "selected range" : file ? `${held} flows` : `${held} active flows`;
  const dropped = flows.evicted.capacity;
  return (
    <Panel
      id="conversations"
      title="Conversations"
      scope={scope}
      wide
      actions={
        <>
          <FilterInput
            id="flow-filter"
            value={text}
            placeholder="port 53 or dns"
            title="tcp, udp, port 443, host 10.0.0.1, a name or word; and, or, not, ( )"
            onInput={(v) => {
              setText(v);
              setPage(0);
            }}
          />
          <ExportLinks path="/api/flows" params={params} limit={RANGE_SEARCH_LIMIT} name="flows" />
        </>
      }
    >
      {refused && (
        <p class="inline-error" role="alert" data-testid="flow-filter-error">{polled.error}</p>
      )}
      {dropped > 0 && (
        <p class="hint" data-testid="flow-cap-note">
          The conversation table holds at most {formatCount(flows.capacity)}: {formatCount(dropped)}
          {" "}
          older conversations made room for newer ones.
        </p>
      )}
      {refused
        ? null
        : flowPage === null
        ? <EmptyNote message="Loading conversations…" />
        : rows.length === 0
        ? (
          <EmptyNote
            message={text || range ? "No conversation matches." : "No conversations yet."}
            hint={text || range
              ? `Searched all ${held} conversations; try a wider filter or clear the range.`
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
            finished={!running}
            keep={live.stats.keep !== undefined}
          />
        )}
      <Pager page={page} pageSize={FLOW_PAGE_SIZE} total={refused ? 0 : total} onPage={setPage} />
    </Panel>
  );
}
