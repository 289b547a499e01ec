/**
 * Per-lookup costs of address enrichment:
 *   deno bench -A --unstable-raw-imports stats/enrich/enrich_bench.ts
 */
import { classifyIPv4 } from "./address_class.ts";
import { embeddedAsnDatabase, embeddedCountryDatabase } from "./embedded_geo.ts";
import { LocalNetworks } from "./local_networks.ts";
import { NameCache } from "./name_cache.ts";

const country = embeddedCountryDatabase();
const asn = embeddedAsnDatabase();
/** Hosts a capture keeps asking about: well inside the cache. */
const HOT = Array.from({ length: 1024 }, (_, i) => (0x08080000 + i * 977) >>> 0);
let hot = 0;
/** A stride through the whole IPv4 space, so every lookup misses the cache. */
let cold = 0x01000000;
const COLD_STRIDE = 2_654_435_761 % 2 ** 32;

Deno.bench("country, cached (numeric IPv4)", () => {
  country.countryIPv4(HOT[hot++ & 1023]!);
});
Deno.bench("country, uncached (numeric IPv4)", () => {
  cold = (cold + COLD_STRIDE) >>> 0;
  country.countryIPv4(cold);
});
Deno.bench("asn, cached (numeric IPv4)", () => {
  asn.asnIPv4(HOT[hot++ & 1023]!);
});
Deno.bench("asn, uncached (numeric IPv4)", () => {
  cold = (cold + COLD_STRIDE) >>> 0;
  asn.asnIPv4(cold);
});
Deno.bench("classifyIPv4()", () => {
  cold = (cold + COLD_STRIDE) >>> 0;
  classifyIPv4(cold);
});

const nets = LocalNetworks.fromStrings(["192.168.1.0/24", "10.0.0.0/8", "fd00::/64"]);
const src = new Uint8Array([192, 168, 1, 20]);
const dst = new Uint8Array(4);
Deno.bench("LocalNetworks.directionBytes() IPv4", () => {
  cold = (cold + COLD_STRIDE) >>> 0;
  new DataView(dst.buffer).setUint32(0, cold);
  nets.directionBytes(src, dst, 4);
});

const names = new NameCache();
for (let i = 0; i < 1024; i++) names.learn(`10.0.${i >> 8}.${i & 255}`, `h${i}.example`, 600, 0);
const NAME_KEYS = Array.from({ length: 1024 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
Deno.bench("NameCache.lookup() hit", () => {
  names.lookup(NAME_KEYS[hot++ & 1023]!, 1_000);
});
