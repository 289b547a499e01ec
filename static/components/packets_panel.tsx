/** @jsxImportSource npm:preact@10 */
/**
 * Recent packets with a display filter and the detail panel. Without a filter or range the
 * table shows what the stream carries; with one, the server searches its whole ring of recent
 * packets (`/api/packets`) once per update and the free-text words are matched here.
 */

import type { PacketRecord } from "../../stats/recent_packets.ts";
import { useState } from "../deps.ts";
import {
  filterParams,
  isEmptyFilter,
  matchesWords,
  packetText,
  parseDisplayFilter,
} from "../lib/display_filter.ts";
import type { LiveState } from "../lib/live_state.ts";
import { usePolled } from "../lib/use_polled.ts";
import { EmptyNote } from "./empty_note.tsx";
import { FilterInput } from "./filter_input.tsx";
import { PacketDetail } from "./packet_detail.tsx";
import { PacketsTable } from "./packets_table.tsx";
import { Panel } from "./panel.tsx";
import type { TimeRange } from "./rate_chart.tsx";

/**
 * Rows shown: three screenfuls of the panel. On a busy link every row is new each second, so
 * rows are what a live update costs most; the server's ring holds more for filters to search.
 */
const ROWS = 50;
/** Packets asked for when a filter or range applies: the server's default ring size. */
const SEARCH_LIMIT = 1000;

export interface PacketsPanelProps {
  live: LiveState;
  range: TimeRange | null;
}

export function PacketsPanel({ live, range }: PacketsPanelProps) {
  const [text, setText] = useState("");
  // The record itself, so the detail stays while newer packets push its row out of the table.
  const [selected, setSelected] = useState<PacketRecord | null>(null);
  const filter = parseDisplayFilter(text);
  const params = filterParams(filter);
  const searching = range !== null || params.size > 0;
  params.set("limit", String(searching ? SEARCH_LIMIT : ROWS));
  const polled = usePolled<{ packets: PacketRecord[] }>(
    searching ? `/api/packets?${params}` : null,
    live.seq,
  );
  const source = searching ? polled.data?.packets ?? [] : live.packets;
  const rows = source.filter((p) =>
    matchesWords(filter, packetText(p)) &&
    (range === null || (p.timeMs >= range.fromMs && p.timeMs < range.toMs))
  ).slice(0, ROWS);

  return (
    <Panel
      id="packets"
      title="Recent packets"
      scope={range ? "selected range" : `newest ${rows.length}`}
      wide
      actions={
        <FilterInput
          id="packet-filter"
          value={text}
          placeholder="Filter: ip 10.0.0.1, port 53, tcp, SYN…"
          onInput={setText}
        />
      }
    >
      {polled.error && searching && <p class="inline-error" role="alert">{polled.error}</p>}
      <div class="packets-layout">
        {rows.length === 0
          ? (
            <EmptyNote
              message={isEmptyFilter(filter) && !range
                ? "No packets yet."
                : `No recent packet matches${text ? ` "${text}"` : ""}${
                  range ? " in the selected range" : ""
                }.`}
              hint={searching
                ? `The server's last ${SEARCH_LIMIT} packets were searched.`
                : undefined}
            />
          )
          : <PacketsTable packets={rows} selected={selected?.seq ?? null} onSelect={setSelected} />}
        <PacketDetail
          packet={selected}
          onClose={() => setSelected(null)}
          addresses={live.stats.addresses}
          flowAddresses={live.flows.addresses}
        />
      </div>
    </Panel>
  );
}
