import assert from "node:assert/strict";
import { embeddedAsnDatabase, embeddedCountryDatabase } from "./embedded_geo.ts";
import { readEmbeddedGeoFile } from "./embedded_geo_files.ts";

Deno.test("readEmbeddedGeoFile() reads the same databases the module graph embeds", async () => {
  const country = await readEmbeddedGeoFile("country");
  const asn = await readEmbeddedGeoFile("asn");
  assert.ok(country && asn, "running from source, the files are there");
  assert.equal(country.kind, "country");
  assert.equal(asn.kind, "asn");
  assert.equal(country.databaseType, embeddedCountryDatabase().databaseType);
  assert.equal(asn.buildDate.getTime(), embeddedAsnDatabase().buildDate.getTime());
  for (const ip of [0x08080808, 0x01010101, 0xc0000201, 0x5db8d822]) {
    assert.deepEqual(country.countryIPv4(ip), embeddedCountryDatabase().countryIPv4(ip));
    assert.deepEqual(asn.asnIPv4(ip), embeddedAsnDatabase().asnIPv4(ip));
  }
});
