/** @jsxImportSource npm:preact@10 */
/**
 * Where the traffic goes: countries and networks (autonomous systems) of the busiest public
 * hosts, both directions counted, from the country and ASN databases (local lookups only).
 * Private and local addresses have no place; the local networks are listed below instead.
 */

import { formatBytes, formatCount } from "../../format/units.ts";
import type { PageStats } from "../lib/page_stats.ts";
import { BarList } from "./bar_list.tsx";
import { CountryTable } from "./country_table.tsx";
import { EmptyNote } from "./empty_note.tsx";
import { Panel } from "./panel.tsx";

export function PlacesPanel({ stats }: { stats: PageStats }) {
  const places = stats.places;
  const countries = places?.countries ?? [];
  const asns = places?.asns ?? [];
  return (
    <Panel
      id="places"
      title="Places"
      scope={places ? `${formatCount(places.hostsCovered)} busiest hosts` : "whole capture"}
      wide
    >
      {countries.length === 0 && asns.length === 0
        ? (
          <EmptyNote
            message="No public addresses yet."
            hint="Countries and networks appear with traffic to or from the internet."
          />
        )
        : (
          <div class="columns">
            <div>
              <h3>Countries</h3>
              <div class="table-wrap">
                <CountryTable rows={countries} />
              </div>
            </div>
            <div>
              <h3>
                Networks <small>(autonomous systems)</small>
              </h3>
              <BarList
                testId="networks"
                label="Networks"
                rows={asns.map((a) => ({
                  key: a.key,
                  label: a.key,
                  detail: a.name,
                  value: a.bytes,
                  text: `${formatBytes(a.bytes)} · ${formatCount(a.hosts)} host${
                    a.hosts === 1 ? "" : "s"
                  }`,
                }))}
              />
            </div>
          </div>
        )}
      {places && places.localNetworks.length > 0 && (
        <p class="hint local-networks">Local networks: {places.localNetworks.join(", ")}</p>
      )}
    </Panel>
  );
}
