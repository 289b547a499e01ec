/** @jsxImportSource npm:preact@10 */
/**
 * Recent packets with the display filter, paging and the detail panel. Live, unfiltered and on
 * the first page, the table shows what the stream carries; otherwise the server searches its
 * whole ring of recent packets (`/api/packets`, `filter`, `offset`) once per update. A range
 * selected on the timeline is applied here to the ring's packets.
 */

import { formatCount } from "../../format/units.ts";
import type { PacketRecord } from "../../stats/recent_packets.ts";
import { useEffect, useState } from "../deps.ts";
import { readUrlState, writeUrlState } from "../lib/url_state.ts";
import type { LiveState } from "../lib/live_state.ts";
import { differentDays } from "../lib/time_format.ts";
import { usePolled } from "../lib/use_polled.ts";
import { EmptyNote } from "./empty_note.tsx";
import { FilterInput } from "./filter_input.tsx";
import { ExportLinks } from "./export_links.tsx";
import { PacketDetail } from "./packet_detail.tsx";
import { PacketsTable } from "./packets_table.tsx";
import { Pager } from "./pager.tsx";
import { Panel } from "./panel.tsx";
import type { TimeRange } from "./rate_chart.tsx";

/**
 * Rows per page: three screenfuls of the panel. On a busy link every row is new each second, so
 * rows are what a live update costs most; the server's ring holds more to page through.
 */
const ROWS = 50;
/** Packets asked for when a range applies: the server's default ring size (RECENT_PACKETS). */
const RING = 1000;

interface PacketPage {
  packets: PacketRecord[];
  matched: number;
}

export function PacketsPanel({ live, range }: PacketsPanelProps) {
  // A link's filter (lib/url_state.ts) opens the panel filtered; typing keeps the link current.
  const [text, setText] = useState(() => readUrlState().packets ?? "");
  useEffect(() => writeUrlState({ packets: text.trim() || null }), [text]);
  const [page, setPage] = useState(0);
  // The record itself, so the detail stays while newer packets push its row out of the table;
  // with the filter and range it was chosen under, so a new filter that excludes it clears it.
  const [selected, setSelected] = useState<{ packet: PacketRecord; view: string } | null>(null);
  const running = live.stats.capture.state === "running";
  const filter = text.trim();
  const params = new URLSearchParams();
  if (filter !== "") params.set("filter", filter);
  const fromStream = running && range === null && filter === "" && page === 0;
  params.set("limit", String(range ? RING : ROWS));
  params.set("offset", String(range ? 0 : page * ROWS));
  const url = fromStream ? null : `/api/packets?${params}`;
  // A finished capture no longer changes: each page is asked for once, not every second.
  const polled = usePolled<PacketPage>(url, running ? live.seq : 0);
  const refused = !fromStream && polled.error !== null;
  const answer = polled.url === url ? polled.data : null;
  let rows = fromStream ? live.packets.slice(0, ROWS) : answer?.packets ?? [];
  let total = fromStream ? Math.min(live.stats.packets, RING) : answer?.matched ?? 0;
  if (range) {
    rows = rows.filter((p) => p.timeMs >= range.fromMs && p.timeMs < range.toMs);
    total = rows.length;
    rows = rows.slice(page * ROWS, (page + 1) * ROWS);
  }
  const view = `${filter}|${range?.fromMs}|${range?.toMs}`;
  const shown = selected &&
      (selected.view === view || rows.some((r) => r.seq === selected.packet.seq))
    ? selected.packet
    : null;
  const loading = !fromStream && answer === null && !refused;

  return (
    <Panel
      id="packets"
      title={running ? "Recent packets" : "Packets"}
      scope={range
        ? "selected range"
        : filter
        ? `${formatCount(total)} matching`
        : `newest ${formatCount(total)} of ${formatCount(live.stats.packets)}`}
      wide
      actions={
        <>
          <FilterInput
            id="packet-filter"
            value={text}
            placeholder="udp port 53"
            title="tcp, udp, port 53, host 10.0.0.1, SYN, a name or word; and, or, not, ( )"
            onInput={(v) => {
              setText(v);
              setPage(0);
            }}
          />
          <ExportLinks path="/api/packets" params={params} limit={RING} name="packets" />
        </>
      }
    >
      {refused && (
        <p class="inline-error" role="alert" data-testid="packet-filter-error">{polled.error}</p>
      )}
      <div class="packets-layout">
        {refused
          ? null
          : loading
          ? <EmptyNote message="Loading packets…" />
          : rows.length === 0
          ? (
            <EmptyNote
              message={!filter && !range
                ? "No packets yet."
                : `No recent packet matches${filter ? ` "${filter}"` : ""}${
                  range ? " in the selected range" : ""
                }.`}
              hint={filter || range
                ? `The server's last ${formatCount(Math.min(live.stats.packets, RING))} ` +
                  "packets were searched."
                : undefined}
            />
          )
          : (
            <PacketsTable
              packets={rows}
              selected={shown?.seq ?? null}
              onSelect={(packet) => setSelected({ packet, view })}
              showDate={spansDays(live.stats)}
            />
          )}
        <PacketDetail
          packet={shown}
          onClose={() => setSelected(null)}
          addresses={live.stats.addresses}
          flowAddresses={live.flows.addresses}
          payloadBytes={live.stats.meta.payloadBytes}
        />
      </div>
      <Pager page={page} pageSize={ROWS} total={refused ? 0 : total} onPage={setPage} />
    </Panel>
  );
}

export interface PacketsPanelProps {
  live: LiveState;
  range: TimeRange | null;
}

/** Whether the capture's first and last packets fall on different local days. */
function spansDays(stats: LiveState["stats"]): boolean {
  const first = stats.startedMs;
  if (first === null) return false;
  return differentDays(
    first,
    stats.clock === "wall" ? stats.generatedMs : first + stats.durationMs,
  );
}
