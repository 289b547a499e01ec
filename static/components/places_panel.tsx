/** @jsxImportSource npm:preact@10 */
/**
 * Where the traffic goes: countries and networks (autonomous systems) of the busiest public
 * hosts, from the country and ASN databases (local lookups only). A world map shades countries
 * by packets or bytes, in (what their hosts sent), out (what they received) or both; the country
 * table beside it holds the same numbers, and the map or a table row scopes the conversations and
 * top hosts to a country. Public addresses no database places are counted apart. Private and
 * local addresses have no place; the local networks are listed below instead.
 */

import { formatBytes, formatCount } from "../../format/units.ts";
import { useMemo, useState } from "../deps.ts";
import type { PageStats, PlaceRow } from "../lib/page_stats.ts";
import type { ChartColors } from "../lib/theme.ts";
import { BarList } from "./bar_list.tsx";
import { CountryTable } from "./country_table.tsx";
import { EmptyNote } from "./empty_note.tsx";
import { Panel } from "./panel.tsx";
import { Segmented } from "./segmented.tsx";
import { type MapCountry, WorldMap } from "./world_map.tsx";

type Measure = "packets" | "bytes";
type Direction = "both" | "in" | "out";
const MEASURES = [{ value: "packets", label: "Packets" }, {
  value: "bytes",
  label: "Bytes",
}] as const;
const DIRECTIONS = [
  { value: "both", label: "Both" },
  { value: "in", label: "In" },
  { value: "out", label: "Out" },
] as const;

export interface PlacesPanelProps {
  stats: PageStats;
  colors: ChartColors;
  /** A country picked on the map or in the table (ISO code). */
  onCountry?: (code: string) => void;
}

export function PlacesPanel({ stats, colors, onCountry }: PlacesPanelProps) {
  const [measure, setMeasure] = useState<Measure>("bytes");
  const [direction, setDirection] = useState<Direction>("both");
  const [hovered, setHovered] = useState<string | null>(null);
  const places = stats.places;
  const countries = places?.countries ?? [];
  const asns = places?.asns ?? [];
  const mapRows = places?.mapCountries ?? countries;
  const mapCountries = useMemo(
    () => mapRows.map((r) => mapCountry(r, measure, direction)).sort((a, b) => b.value - a.value),
    [mapRows, measure, direction],
  );
  const mapColors = useMemo(() => {
    const style = getComputedStyle(document.documentElement);
    const v = (name: string) => style.getPropertyValue(name).trim();
    return { ...colors, accent: v("--accent"), empty: v("--surface-2") };
  }, [colors]);
  const unknown = places?.unknownCountry;
  const label = `${measure === "bytes" ? "Bytes" : "Packets"} ${
    direction === "both" ? "in and out" : direction
  }`;
  return (
    <Panel
      id="places"
      title="Places"
      scope={places ? `${formatCount(places.hostsCovered)} busiest hosts` : "whole capture"}
      wide
      actions={
        <>
          <Segmented label="Map shows" value={measure} options={MEASURES} onChange={setMeasure} />
          <Segmented
            label="Direction"
            value={direction}
            options={DIRECTIONS}
            onChange={setDirection}
          />
        </>
      }
    >
      {countries.length === 0 && asns.length === 0
        ? (
          <EmptyNote
            message="No public addresses yet."
            hint="Countries and networks appear with traffic to or from the internet."
          />
        )
        : (
          <>
            <WorldMap
              countries={mapCountries}
              colors={mapColors}
              measure={label}
              onPick={(code) => onCountry?.(code)}
              onHover={setHovered}
            />
            <p class="map-hover" aria-live="polite" data-testid="map-hover">
              {hoverText(hovered, mapCountries)}
            </p>
            <p class="hint" data-testid="map-summary">
              {mapSummary(mapCountries, label)}
              {unknown && unknown.hosts > 0 && (
                <span data-testid="unknown-country" data-value={unknown.packets}>
                  {unknownText(unknown)}
                </span>
              )}
            </p>
            <div class="columns">
              <div>
                <h3>Countries</h3>
                <div class="table-wrap">
                  <CountryTable rows={countries} onPick={onCountry} />
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
          </>
        )}
      {places && places.localNetworks.length > 0 && (
        <p class="hint local-networks">Local networks: {places.localNetworks.join(", ")}</p>
      )}
    </Panel>
  );
}

function mapCountry(r: PlaceRow, measure: Measure, direction: Direction): MapCountry {
  const bytes = measure === "bytes";
  const value = direction === "in"
    ? (bytes ? r.bytesIn : r.packetsIn)
    : direction === "out"
    ? (bytes ? r.bytesOut : r.packetsOut)
    : (bytes ? r.bytes : r.packets);
  const f = bytes ? formatBytes : formatCount;
  const unit = bytes ? "" : " packets";
  const text = direction === "both"
    ? `${f(value)}${unit} (in ${f(bytes ? r.bytesIn : r.packetsIn)}, out ${
      f(bytes ? r.bytesOut : r.packetsOut)
    })`
    : `${f(value)}${unit} ${direction}`;
  return { code: r.key, name: r.name, value, text };
}

/** Public hosts no database places: counted, though the map has nowhere to show them. */
function unknownText(unknown: PlaceRow): string {
  return ` Not placed on the map: ${formatCount(unknown.hosts)} public host${
    unknown.hosts === 1 ? "" : "s"
  } of unknown country, ${formatCount(unknown.packets)} packets, ${formatBytes(unknown.bytes)}.`;
}

/** What the pointer is over, in words (the canvas tooltip says the same). */
function hoverText(code: string | null, countries: MapCountry[]): string {
  if (code === null) return "Point at a country for its numbers; click it to scope the page to it.";
  const row = countries.find((c) => c.code === code);
  return row ? `${row.name} (${row.code}): ${row.text}` : "No traffic counted there.";
}

/** The map in words: how many countries, and the busiest few with their numbers. */
function mapSummary(countries: MapCountry[], label: string): string {
  const shown = countries.filter((c) => c.value > 0);
  if (shown.length === 0) return `${label}: no country yet.`;
  const top = shown.slice(0, 3).map((c) => `${c.name} ${c.text}`).join("; ");
  return `${label} by country, ${shown.length} ${
    shown.length === 1 ? "country" : "countries"
  }; most: ${top}.`;
}
