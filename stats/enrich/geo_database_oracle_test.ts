import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
// mmdb-lib 3.0.3, the reader GeoDatabase used before MmdbReader, is the oracle (tests only).
// deno-lint-ignore no-import-prefix
import { Reader } from "npm:mmdb-lib@3.0.3";
import { MmdbWriter } from "./data/mmdb_writer.ts";
import { GEO_RECORD_RESULTS, GeoDatabase } from "./geo_database.ts";

const embedded = (name: string) => Deno.readFileSync(new URL(`./data/${name}`, import.meta.url));

function oracle(bytes: Uint8Array): Reader<Record<string, unknown>> {
  return new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

Deno.test("GeoDatabase answers what mmdb-lib's records say for random IPv4 addresses", () => {
  const countryBytes = embedded("country.mmdb");
  const asnBytes = embedded("asn.mmdb");
  const country = GeoDatabase.fromBytes(countryBytes, "country", "country");
  const asn = GeoDatabase.fromBytes(asnBytes, "asn", "asn");
  const countryLib = oracle(countryBytes);
  const asnLib = oracle(asnBytes);
  let s = 11;
  for (let i = 0; i < 5_000; i++) {
    const a = (s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0);
    const ip = `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
    const c = countryLib.get(ip);
    assert.equal(country.countryIPv4(a)?.code ?? null, c ? c["country_code"] : null, ip);
    const r = asnLib.get(ip);
    const want = r
      ? {
        number: r["autonomous_system_number"],
        organization: r["autonomous_system_organization"] ?? "",
      }
      : null;
    assert.deepEqual(asn.asnIPv4(a), want, ip);
    assert.deepEqual(asn.asn(ip), want, ip);
  }
  assert.equal(country.lookupErrors + asn.lookupErrors, 0);
});

Deno.test("results kept per record stay bounded by GEO_RECORD_RESULTS when filled past it", () => {
  const w = new MmdbWriter({ databaseType: "GeoLite2-ASN", description: "t", buildEpoch: 0 });
  const n = GEO_RECORD_RESULTS + 500;
  for (let i = 0; i < n; i++) {
    w.insertRange(BigInt(i * 256), BigInt(i * 256 + 255), { autonomous_system_number: i });
  }
  const db = GeoDatabase.fromBytes(w.toBytes(), "t.mmdb", "asn");
  for (let i = 0; i < n; i++) assert.equal(db.asnIPv4(i * 256 + 7)?.number, i);
  assert.equal(db.asnIPv4(7)?.number, 0, "an emptied record cache reads the record again");
});
