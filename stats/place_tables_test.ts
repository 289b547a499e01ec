import assert from "node:assert/strict";
import { MmdbWriter } from "./enrich/data/mmdb_writer.ts";
import { GeoDatabase } from "./enrich/geo_database.ts";
import type { HostRow } from "./host_table.ts";
import { placeTables } from "./place_tables.ts";

const v4 = (a: number, b: number, c: number, d: number) =>
  BigInt(((a << 24) | (b << 16) | (c << 8) | d) >>> 0);

/** Australia and Sweden placed, ASN for Australia's network only; nothing else known. */
function databases() {
  const c = new MmdbWriter({ databaseType: "GeoLite2-Country", description: "t", buildEpoch: 0 });
  c.insertRange(v4(1, 1, 1, 0), v4(1, 1, 1, 255), {
    country: { iso_code: "AU", names: { en: "Australia" } },
  });
  c.insertRange(v4(5, 6, 0, 0), v4(5, 6, 255, 255), {
    country: { iso_code: "SE", names: { en: "Sweden" } },
  });
  const a = new MmdbWriter({ databaseType: "GeoLite2-ASN", description: "t", buildEpoch: 0 });
  a.insertRange(v4(1, 1, 1, 0), v4(1, 1, 1, 255), {
    autonomous_system_number: 13335,
    autonomous_system_organization: "CLOUDFLARENET",
  });
  return {
    country: GeoDatabase.fromBytes(c.toBytes(), "c.mmdb", "country"),
    asn: GeoDatabase.fromBytes(a.toBytes(), "a.mmdb", "asn"),
  };
}

function host(ip: string, tx: number, rx: number): HostRow {
  return {
    ip,
    packets: tx + rx,
    bytes: 100 * (tx + rx),
    txPackets: tx,
    txBytes: 100 * tx,
    rxPackets: rx,
    rxBytes: 100 * rx,
    txBps: [0, 0, 0],
    rxBps: [0, 0, 0],
  };
}

Deno.test("placeTables keeps what a country's hosts sent (in) apart from what they received", () => {
  const t = placeTables(
    [host("1.1.1.1", 3, 7), host("1.1.1.2", 1, 0), host("5.6.7.8", 2, 2)],
    databases(),
  );
  assert.deepEqual(t.countries.map((c) => c.key), ["AU", "SE"]);
  assert.deepEqual(t.countries[0], {
    key: "AU",
    name: "Australia",
    packets: 11,
    bytes: 1100,
    hosts: 2,
    packetsIn: 4,
    bytesIn: 400,
    packetsOut: 7,
    bytesOut: 700,
  });
  assert.deepEqual(t.mapCountries, t.countries);
  assert.deepEqual(t.asns.map((a) => [a.key, a.hosts]), [["AS13335", 2]]);
});

Deno.test("placeTables counts public addresses with no country apart, and skips private ones", () => {
  const t = placeTables(
    [host("9.9.9.9", 5, 1), host("192.168.1.2", 50, 50), host("1.1.1.1", 1, 1)],
    databases(),
  );
  assert.deepEqual(t.countries.map((c) => c.key), ["AU"]);
  assert.equal(t.unknownCountry.key, "unknown");
  assert.deepEqual(
    [t.unknownCountry.hosts, t.unknownCountry.packetsIn, t.unknownCountry.packetsOut],
    [1, 5, 1],
  );
  assert.equal(t.hostsCovered, 3);
});
