import assert from "node:assert/strict";
import { MmdbWriter } from "./data/mmdb_writer.ts";
import { embeddedAsnDatabase, embeddedCountryDatabase, loadGeoDatabases } from "./embedded_geo.ts";
import { GEO_CACHE_ENTRIES, GeoDatabase, GeoDatabaseError, kindOfType } from "./geo_database.ts";

/** IPv4 address a.b.c.d as an IPv4-compatible 128-bit integer, where MMDB keeps IPv4. */
const v4 = (a: number, b: number, c: number, d: number) =>
  BigInt(((a << 24) | (b << 16) | (c << 8) | d) >>> 0);

/** A two-network database in GeoLite2-Country layout, as MaxMind ships it. */
function geoLite2Country(): Uint8Array {
  const w = new MmdbWriter({ databaseType: "GeoLite2-Country", description: "t", buildEpoch: 0 });
  w.insertRange(v4(1, 1, 1, 0), v4(1, 1, 1, 255), {
    country: { iso_code: "AU", names: { en: "Australia", de: "Australien" } },
  });
  w.insertRange(v4(5, 6, 0, 0), v4(5, 6, 255, 255), {
    registered_country: { iso_code: "SE", names: { en: "Sweden" } },
  });
  return w.toBytes();
}

function geoLite2Asn(): Uint8Array {
  const w = new MmdbWriter({ databaseType: "GeoLite2-ASN", description: "t", buildEpoch: 0 });
  w.insertRange(v4(1, 1, 1, 0), v4(1, 1, 1, 255), {
    autonomous_system_number: 13335,
    autonomous_system_organization: "CLOUDFLARENET",
  });
  return w.toBytes();
}

function tempFile(bytes: Uint8Array): string {
  const path = Deno.makeTempFileSync({ suffix: ".mmdb" });
  Deno.writeFileSync(path, bytes);
  return path;
}

Deno.test("embedded country database places well-known resolvers and captured hosts", () => {
  const db = embeddedCountryDatabase();
  assert.equal(db.kind, "country");
  assert.deepEqual(db.country("8.8.8.8"), { code: "US", name: "United States" });
  assert.deepEqual(db.country("9.9.9.9"), { code: "US", name: "United States" });
  // Hosts from ipv4_fragmented_dnscrypt.pcap (shared captures).
  assert.deepEqual(db.country("195.30.94.28"), { code: "DE", name: "Germany" });
  assert.deepEqual(db.country("172.104.93.80"), { code: "JP", name: "Japan" });
  assert.equal(db.country("2001:4860:4860::8888")?.code, "CA");
});

Deno.test("embedded ASN database names the operators of well-known addresses", () => {
  const db = embeddedAsnDatabase();
  assert.equal(db.kind, "asn");
  assert.deepEqual(db.asn("8.8.8.8"), { number: 15169, organization: "Google LLC" });
  assert.deepEqual(db.asn("1.1.1.1"), { number: 13335, organization: "Cloudflare, Inc." });
  assert.deepEqual(db.asn("2606:4700:4700::1111"), {
    number: 13335,
    organization: "Cloudflare, Inc.",
  });
  assert.deepEqual(db.asn("195.30.94.28"), { number: 5539, organization: "SpaceNet AG" });
  assert.equal(db.asn("9.9.9.9")?.number, 19281);
});

Deno.test("lookups return null for private, reserved and non-address text", () => {
  const country = embeddedCountryDatabase();
  const asn = embeddedAsnDatabase();
  for (const ip of ["10.0.0.1", "192.168.1.1", "127.0.0.1", "fd00::1", "not-an-ip"]) {
    assert.equal(asn.asn(ip), null, ip);
  }
  assert.equal(country.country("10.1.2.3"), null);
  assert.equal(country.country("nonsense"), null);
  assert.equal(asn.country("8.8.8.8"), null, "an ASN database answers no country");
  assert.equal(country.asn("8.8.8.8"), null, "a country database answers no ASN");
});

Deno.test("IPv4-mapped IPv6 text and the numeric IPv4 form give the IPv4 answer", () => {
  const db = embeddedAsnDatabase();
  assert.equal(db.asn("::ffff:8.8.8.8")?.number, 15169);
  assert.equal(db.asnIPv4(0x01010101)?.number, 13335);
  assert.equal(embeddedCountryDatabase().countryIPv4(0x08080808)?.code, "US");
});

Deno.test("GeoLite2 record layouts (country, registered_country, ASN) are read", () => {
  const country = GeoDatabase.fromBytes(geoLite2Country(), "t.mmdb", "country");
  assert.deepEqual(country.country("1.1.1.9"), { code: "AU", name: "Australia" });
  assert.deepEqual(country.country("5.6.7.8"), { code: "SE", name: "Sweden" });
  assert.equal(country.country("8.8.8.8"), null);
  const asn = GeoDatabase.fromBytes(geoLite2Asn(), "a.mmdb", "asn");
  assert.deepEqual(asn.asn("1.1.1.1"), { number: 13335, organization: "CLOUDFLARENET" });
});

Deno.test("open() of a missing --geoip file says no such file", () => {
  assert.throws(() => GeoDatabase.open("/nonexistent/GeoLite2-Country.mmdb", "country"), {
    name: "GeoDatabaseError",
    message: 'Cannot open GeoIP database "/nonexistent/GeoLite2-Country.mmdb": no such file',
  });
  assert.throws(() => loadGeoDatabases({ asn: "/nonexistent/asn.mmdb" }), {
    message: 'Cannot open ASN database "/nonexistent/asn.mmdb": no such file',
  });
});

Deno.test("open() of a directory says so", () => {
  const dir = Deno.makeTempDirSync();
  assert.throws(() => GeoDatabase.open(dir, "country"), {
    message: `Cannot open GeoIP database "${dir}": is a directory`,
  });
});

Deno.test("open() of a file that is no MaxMind database says there is no metadata marker", () => {
  const path = tempFile(new TextEncoder().encode("1.0.0.0,1.0.0.255,AU\n"));
  assert.throws(() => GeoDatabase.open(path, "country"), {
    name: "GeoDatabaseError",
    message: `Cannot open GeoIP database "${path}": not a MaxMind database (no metadata marker)`,
  });
});

Deno.test("open() of a truncated database reports it as corrupt, with the reader's reason", () => {
  const whole = geoLite2Country();
  const marker = whole.length - 400;
  // Keep the metadata but cut away the search tree it describes.
  const cut = whole.slice(marker - 32);
  const path = tempFile(cut);
  assert.throws(() => GeoDatabase.open(path, "country"), (e: unknown) => {
    assert.ok(e instanceof GeoDatabaseError);
    assert.match(e.message, new RegExp(`^Cannot open GeoIP database ".*": corrupt MaxMind`));
    return true;
  });
});

Deno.test("an ASN file given to --geoip is refused with the flag it belongs to", () => {
  const path = tempFile(geoLite2Asn());
  assert.throws(() => GeoDatabase.open(path, "country"), {
    name: "GeoDatabaseError",
    message: `Cannot use GeoIP database "${path}" for --geoip: it is an ASN database ` +
      `(database_type "GeoLite2-ASN"), give it to --asn`,
  });
  const country = tempFile(geoLite2Country());
  assert.throws(() => loadGeoDatabases({ asn: country }), {
    message: `Cannot use ASN database "${country}" for --asn: it is a country database ` +
      `(database_type "GeoLite2-Country"), give it to --geoip`,
  });
});

Deno.test("loadGeoDatabases() uses the user's files when given and the embedded ones otherwise", () => {
  const path = tempFile(geoLite2Country());
  const dbs = loadGeoDatabases({ geoip: path });
  assert.equal(dbs.country.databaseType, "GeoLite2-Country");
  assert.equal(dbs.asn, embeddedAsnDatabase());
});

Deno.test("kindOfType() recognises the database types of MaxMind, DB-IP and ip-location-db", () => {
  assert.equal(kindOfType("GeoLite2-ASN"), "asn");
  assert.equal(kindOfType("GeoIP2-ISP"), "asn");
  assert.equal(kindOfType("DBIP-ASN-Lite (compat=GeoLite2-ASN)"), "asn");
  assert.equal(kindOfType("GeoLite2-City"), "country");
  assert.equal(kindOfType("country ipvAll"), "country");
  assert.equal(kindOfType("GeoIP2-Anonymous-IP"), null);
});

Deno.test("the lookup cache stays at GEO_CACHE_ENTRIES when filled past it", () => {
  const db = GeoDatabase.fromBytes(geoLite2Country(), "t.mmdb", "country");
  for (let i = 0; i < GEO_CACHE_ENTRIES + 1_000; i++) db.countryIPv4(0x01010000 + i);
  assert.equal(db.cacheSize, GEO_CACHE_ENTRIES);
  assert.equal(db.countryIPv4(0x01010101)?.code, "AU");
});
