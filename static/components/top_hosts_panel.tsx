/** @jsxImportSource npm:preact@10 */
/**
 * Top sources and destinations, by packets or bytes. Bar and number are what the list ranks
 * by: sent for sources, received for destinations; the other direction is in the bar's tooltip
 * (known for the hosts the server ranks in `talkers`). Names and flags come from the
 * `addresses` the server sends with the stats for every host in these lists.
 */

import { formatBytes, formatCount } from "../../format/units.ts";
import type { HostRow } from "../../stats/host_table.ts";
import type { TalkerRow } from "../../stats/snapshot.ts";
import { useState } from "../deps.ts";
import type { PageStats } from "../lib/page_stats.ts";
import { AddressNote } from "./address_note.tsx";
import { BarList, type BarRow } from "./bar_list.tsx";
import { EmptyNote } from "./empty_note.tsx";
import { Panel } from "./panel.tsx";
import { Segmented } from "./segmented.tsx";
import { ExportLinks } from "./export_links.tsx";

/** Hosts in an export: the most `/api/hosts` returns at once. */
const HOSTS_EXPORT_LIMIT = 1000;

type Metric = "packets" | "bytes";
const METRICS = [{ value: "packets", label: "Packets" }, {
  value: "bytes",
  label: "Bytes",
}] as const;

export function TopHostsPanel({ stats }: { stats: PageStats }) {
  const [metric, setMetric] = useState<Metric>("packets");
  const hosts = new Map<string, HostRow>();
  for (const h of stats.talkers.sources) hosts.set(h.ip, h);
  for (const h of stats.talkers.destinations) hosts.set(h.ip, h);
  const byBytes = metric === "bytes";
  const sources = byBytes ? stats.topSourcesByBytes : stats.topSources;
  const destinations = byBytes ? stats.topDestinationsByBytes : stats.topDestinations;
  const rows = (list: TalkerRow[], tone: "tx" | "rx"): BarRow[] =>
    list.map((t) => {
      const value = byBytes ? t.bytes : t.packets;
      const h = hosts.get(t.ip);
      const row: BarRow = {
        key: t.ip,
        label: t.ip,
        note: <AddressNote info={stats.addresses?.[t.ip]} />,
        value,
        text: byBytes ? formatBytes(value) : formatCount(value),
        tone,
      };
      if (h) {
        const tx = byBytes ? h.txBytes : h.txPackets;
        const rx = byBytes ? h.rxBytes : h.rxPackets;
        const f = byBytes ? formatBytes : formatCount;
        row.title = `sent ${f(tx)}, received ${f(rx)}`;
      }
      return row;
    });
  return (
    <Panel
      id="hosts"
      title="Top hosts"
      scope="whole capture"
      wide
      actions={
        <>
          <Segmented label="Rank by" value={metric} options={METRICS} onChange={setMetric} />
          <ExportLinks
            path="/api/hosts"
            params={new URLSearchParams({ sort: byBytes ? "tx-bytes" : "tx-packets" })}
            limit={HOSTS_EXPORT_LIMIT}
            name="hosts"
          />
        </>
      }
    >
      {sources.length === 0
        ? (
          <EmptyNote
            message="No IP traffic yet."
            hint="Hosts appear with the first IPv4 or IPv6 packet."
          />
        )
        : (
          <div class="columns">
            <div>
              <h3>
                Sources <small>(sent)</small>
              </h3>
              <BarList rows={rows(sources, "tx")} label="Top sources" testId="top-sources" />
            </div>
            <div>
              <h3>
                Destinations <small>(received)</small>
              </h3>
              <BarList
                rows={rows(destinations, "rx")}
                label="Top destinations"
                testId="top-destinations"
              />
            </div>
          </div>
        )}
      <ul class="legend">
        <li>
          <span class="swatch swatch-tx" aria-hidden="true" />sent
        </li>
        <li>
          <span class="swatch swatch-rx" aria-hidden="true" />received
        </li>
      </ul>
    </Panel>
  );
}
