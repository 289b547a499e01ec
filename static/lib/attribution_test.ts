import assert from "node:assert/strict";
import { GEO_ATTRIBUTION as SERVER_ATTRIBUTION } from "../../stats/enrich/embedded_geo.ts";
import { attributionParts, GEO_ATTRIBUTION } from "./attribution.ts";

Deno.test("GEO_ATTRIBUTION is the embedded databases' own attribution, word for word", () => {
  assert.equal(GEO_ATTRIBUTION, SERVER_ATTRIBUTION);
});

Deno.test("GEO_ATTRIBUTION credits DB-IP with a link to https://db-ip.com", () => {
  assert.match(GEO_ATTRIBUTION, /^IP geolocation by DB-IP \(https:\/\/db-ip\.com\), CC BY 4\.0;/);
  assert.match(GEO_ATTRIBUTION, /RouteViews .*the NRO .*and DB-IP/);
});

Deno.test("attributionParts() puts every URL at an odd index and keeps the text whole", () => {
  const parts = attributionParts("by A (https://a.example), and B (https://b.example/x).");
  assert.deepEqual(parts, [
    "by A (",
    "https://a.example",
    "), and B (",
    "https://b.example/x",
    ").",
  ]);
  const real = attributionParts();
  assert.equal(real.join(""), GEO_ATTRIBUTION);
  assert.ok(real.filter((_, i) => i % 2 === 1).includes("https://db-ip.com"));
});
