/**
 * The GeoIP databases that ship inside wirescope, and the choice between them and the user's
 * own files. The .mmdb files are imported as bytes so they are part of the module graph and
 * `deno compile` embeds them without `--include` (needs `"unstable": ["raw-imports"]` in
 * deno.json). Nothing here touches the network: lookups are local, always.
 */

import asnBytes from "./data/asn.mmdb" with { type: "bytes" };
import countryBytes from "./data/country.mmdb" with { type: "bytes" };
import sources from "./data/sources.json" with { type: "json" };
import { GeoDatabase } from "./geo_database.ts";
import { EMBEDDED_LABEL } from "./embedded_geo_files.ts";

/**
 * Credit the embedded data's CC BY 4.0 licences require wherever results are shown (README,
 * dashboard footer with a link to https://db-ip.com, `--help`).
 */
export const GEO_ATTRIBUTION: string = sources.attribution;

/** Package and version each embedded database came from, for `--version` and the API. */
export const GEO_SOURCES = {
  country: `${sources.country.package}@${sources.country.version}`,
  asn: `${sources.asn.package}@${sources.asn.version}`,
} as const;

let embeddedCountry: GeoDatabase | undefined;
let embeddedAsn: GeoDatabase | undefined;

/** DB-IP IP to Country Lite, opened once. */
export function embeddedCountryDatabase(): GeoDatabase {
  embeddedCountry ??= GeoDatabase.fromBytes(countryBytes, EMBEDDED_LABEL.country, "country");
  return embeddedCountry;
}

/** RouteViews + NRO + DB-IP IP to ASN, opened once. */
export function embeddedAsnDatabase(): GeoDatabase {
  embeddedAsn ??= GeoDatabase.fromBytes(asnBytes, EMBEDDED_LABEL.asn, "asn");
  return embeddedAsn;
}

export interface GeoFiles {
  /** `--geoip PATH`: a country or city database to use instead of the embedded one. */
  geoip?: string;
  /** `--asn PATH`: an ASN database to use instead of the embedded one. */
  asn?: string;
}

/** The country and ASN databases to use; throws GeoDatabaseError for a bad user file. */
export function loadGeoDatabases(files: GeoFiles): { country: GeoDatabase; asn: GeoDatabase } {
  return {
    country: files.geoip === undefined
      ? embeddedCountryDatabase()
      : GeoDatabase.open(files.geoip, "country"),
    asn: files.asn === undefined ? embeddedAsnDatabase() : GeoDatabase.open(files.asn, "asn"),
  };
}
