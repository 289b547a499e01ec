/** @jsxImportSource npm:preact@10 */
/**
 * Top sources and destinations, by packets or bytes. Bar and number are what the list ranks
 * by: sent for sources, received for destinations; the other direction is in the bar's tooltip
 * (known for the hosts the server ranks in `talkers`). Names and flags come from the
 * `addresses` the server sends with the stats for every host in these lists. Scoped to a country
 * (picked on the map), the lists are the country's busiest hosts, asked of `/api/hosts`.
 */

import { formatBytes, formatCount } from "../../format/units.ts";
import type { HostRow } from "../../stats/host_table.ts";
import type { TalkerRow } from "../../stats/snapshot.ts";
import { useState } from "../deps.ts";
import type { AddressBook, PageStats } from "../lib/page_stats.ts";
import { usePolled } from "../lib/use_polled.ts";
import { AddressNote } from "./address_note.tsx";
import { BarList, type BarRow } from "./bar_list.tsx";
import { EmptyNote } from "./empty_note.tsx";
import { Panel } from "./panel.tsx";
import { Segmented } from "./segmented.tsx";
import { PcapLink } from "./pcap_download.tsx";
import { hostBpf } from "../lib/pcap_links.ts";
import { ExportLinks } from "./export_links.tsx";

/** Hosts in an export: the most `/api/hosts` returns at once. */
const HOSTS_EXPORT_LIMIT = 1000;

type Metric = "packets" | "bytes";
const METRICS = [{ value: "packets", label: "Packets" }, {
  value: "bytes",
  label: "Bytes",
}] as const;

/** Hosts in each list, as the stream's `topSources` carries. */
const LIST_ROWS = 10;

interface HostsAnswer {
  hosts: HostRow[];
  addresses: AddressBook;
}

export interface TopHostsPanelProps {
  stats: PageStats;
  /** ISO code of the country the lists are scoped to, or null for all hosts. */
  country?: string | null;
  onClearCountry?: () => void;
}

export function TopHostsPanel({ stats, country = null, onClearCountry }: TopHostsPanelProps) {
  const [metric, setMetric] = useState<Metric>("packets");
  const byBytes = metric === "bytes";
  const unit = byBytes ? "bytes" : "packets";
  const ask = (rank: string) =>
    country === null
      ? null
      : `/api/hosts?sort=${rank}-${unit}&limit=${LIST_ROWS}&country=${country}`;
  const tick = stats.capture.state === "running" ? stats.generatedMs : 0;
  const scopedSources = usePolled<HostsAnswer>(ask("tx"), tick);
  const scopedDestinations = usePolled<HostsAnswer>(ask("rx"), tick);
  const hosts = new Map<string, HostRow>();
  let sources: TalkerRow[];
  let destinations: TalkerRow[];
  let addresses = stats.addresses;
  if (country === null) {
    for (const h of stats.talkers.sources) hosts.set(h.ip, h);
    for (const h of stats.talkers.destinations) hosts.set(h.ip, h);
    sources = byBytes ? stats.topSourcesByBytes : stats.topSources;
    destinations = byBytes ? stats.topDestinationsByBytes : stats.topDestinations;
  } else {
    const tx = scopedSources.url === ask("tx") ? scopedSources.data : null;
    const rx = scopedDestinations.url === ask("rx") ? scopedDestinations.data : null;
    for (const h of [...tx?.hosts ?? [], ...rx?.hosts ?? []]) hosts.set(h.ip, h);
    addresses = { ...tx?.addresses, ...rx?.addresses };
    sources = (tx?.hosts ?? []).filter((h) => h.txPackets > 0).map((h) => ({
      ip: h.ip,
      packets: h.txPackets,
      bytes: h.txBytes,
    }));
    destinations = (rx?.hosts ?? []).filter((h) => h.rxPackets > 0).map((h) => ({
      ip: h.ip,
      packets: h.rxPackets,
      bytes: h.rxBytes,
    }));
  }
  const rows = (list: TalkerRow[], tone: "tx" | "rx"): BarRow[] =>
    list.map((t) => {
      const value = byBytes ? t.bytes : t.packets;
      const h = hosts.get(t.ip);
      const row: BarRow = {
        key: t.ip,
        label: t.ip,
        note: (
          <>
            <AddressNote info={addresses?.[t.ip]} />
            {stats.keep && (
              <PcapLink filter={hostBpf(t.ip)} what={`host ${t.ip}`} testId="host-pcap" />
            )}
          </>
        ),
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
      scope={country === null ? "whole capture" : `country ${country}`}
      wide
      actions={
        <>
          {country !== null && (
            <button
              type="button"
              class="link-button"
              data-testid="hosts-country-clear"
              onClick={() => onClearCountry?.()}
            >
              Show every country
            </button>
          )}
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
