/**
 * Countries and networks (autonomous systems) by traffic, summed from the busiest hosts' counts,
 * both directions kept apart: "in" is what hosts of a place sent (towards the capture point),
 * "out" what they received. Public addresses the country database cannot place are counted
 * apart (`unknownCountry`), not dropped. Built when a document is, never per packet.
 */
import { addressClassName, classifyAddress } from "./enrich/address_class.ts";
import type { GeoDatabase } from "./enrich/geo_database.ts";
import type { HostRow } from "./host_table.ts";

/** Rows in the country and ASN tables. */
export const PLACE_ROWS = 20;
/**
 * Countries the map is given: every ISO 3166 code there is (249) and room for the database's
 * own extras (EU, AP...). A table of countries cannot grow past the codes that exist.
 */
export const MAP_COUNTRIES = 300;

export interface PlaceRow {
  key: string;
  name: string;
  packets: number;
  bytes: number;
  hosts: number;
  /** What the place's hosts sent (in) and received (out); in + out = packets, bytes. */
  packetsIn: number;
  bytesIn: number;
  packetsOut: number;
  bytesOut: number;
}

export interface PlaceTables {
  /** The `PLACE_ROWS` busiest countries by bytes. */
  countries: PlaceRow[];
  asns: PlaceRow[];
  /** Every country seen (up to `MAP_COUNTRIES`), for the map. */
  mapCountries: PlaceRow[];
  /** Public addresses with no country in the database, summed as one row (key "unknown"). */
  unknownCountry: PlaceRow;
  hostsCovered: number;
}

/** The place tables of `hosts` (public ones only), placed by the `country` and `asn` databases. */
export function placeTables(
  hosts: Iterable<HostRow>,
  databases: { country: GeoDatabase; asn: GeoDatabase },
): PlaceTables {
  const countries = new Map<string, PlaceRow>();
  const asns = new Map<string, PlaceRow>();
  const unknownCountry = emptyRow("unknown", "Unknown country");
  let covered = 0;
  for (const row of hosts) {
    covered++;
    const klass = classifyAddress(row.ip);
    if (klass === null || addressClassName(klass) !== "global") continue;
    const country = databases.country.country(row.ip);
    if (country) countRow(placeIn(countries, country.code, country.name), row);
    else countRow(unknownCountry, row);
    const asn = databases.asn.asn(row.ip);
    if (asn) countRow(placeIn(asns, `AS${asn.number}`, asn.organization), row);
  }
  const ranked = (table: Map<string, PlaceRow>, rows: number) =>
    [...table.values()].sort((a, b) => b.bytes - a.bytes || a.key.localeCompare(b.key))
      .slice(0, rows);
  return {
    countries: ranked(countries, PLACE_ROWS),
    asns: ranked(asns, PLACE_ROWS),
    mapCountries: ranked(countries, MAP_COUNTRIES),
    unknownCountry,
    hostsCovered: covered,
  };
}

function emptyRow(key: string, name: string): PlaceRow {
  return {
    key,
    name,
    packets: 0,
    bytes: 0,
    hosts: 0,
    packetsIn: 0,
    bytesIn: 0,
    packetsOut: 0,
    bytesOut: 0,
  };
}

function placeIn(table: Map<string, PlaceRow>, key: string, name: string): PlaceRow {
  let row = table.get(key);
  if (row === undefined) table.set(key, row = emptyRow(key, name));
  return row;
}

function countRow(place: PlaceRow, host: HostRow): void {
  place.packetsIn += host.txPackets;
  place.bytesIn += host.txBytes;
  place.packetsOut += host.rxPackets;
  place.bytesOut += host.rxBytes;
  place.packets += host.txPackets + host.rxPackets;
  place.bytes += host.txBytes + host.rxBytes;
  place.hosts++;
}
