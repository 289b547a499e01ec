import assert from "node:assert/strict";
import {
  MAX_NAME_TTL_SECONDS,
  MAX_NAMES_PER_ADDRESS,
  MIN_NAME_TTL_SECONDS,
  NAME_CACHE_ENTRIES,
  NameCache,
} from "./name_cache.ts";

const T0 = 1_700_000_000_000;

Deno.test("lookup() returns the name learned from an answer for that address", () => {
  const cache = new NameCache();
  cache.learn("142.250.185.78", "www.google.com", 300, T0);
  assert.equal(cache.lookup("142.250.185.78", T0 + 1_000), "www.google.com");
  assert.equal(cache.lookup("142.250.185.79", T0), undefined);
});

Deno.test("names() lists names most recently learned first, without duplicates", () => {
  const cache = new NameCache();
  cache.learn("2606:4700::1", "a.example", 600, T0);
  cache.learn("2606:4700::1", "b.example", 600, T0 + 1);
  cache.learn("2606:4700::1", "a.example", 600, T0 + 2);
  assert.deepEqual(cache.names("2606:4700::1", T0 + 3), ["a.example", "b.example"]);
  assert.equal(cache.lookup("2606:4700::1", T0 + 3), "a.example");
});

Deno.test("names() keeps at most MAX_NAMES_PER_ADDRESS, dropping the oldest", () => {
  const cache = new NameCache();
  for (let i = 0; i < MAX_NAMES_PER_ADDRESS + 3; i++) cache.learn("1.2.3.4", `h${i}.cdn`, 600, T0);
  const names = cache.names("1.2.3.4", T0);
  assert.equal(names.length, MAX_NAMES_PER_ADDRESS);
  assert.equal(names[0], `h${MAX_NAMES_PER_ADDRESS + 2}.cdn`);
  assert.equal(names.includes("h0.cdn"), false);
});

Deno.test("a name expires after its TTL on the injected clock", () => {
  const cache = new NameCache();
  cache.learn("1.2.3.4", "long.example", 3_600, T0);
  assert.equal(cache.lookup("1.2.3.4", T0 + 3_599_999), "long.example");
  assert.equal(cache.lookup("1.2.3.4", T0 + 3_600_000), undefined);
  assert.equal(cache.size, 0, "an address with no live names is dropped");
});

Deno.test("expired names drop out while newer ones stay", () => {
  const cache = new NameCache();
  cache.learn("1.2.3.4", "old.example", MIN_NAME_TTL_SECONDS, T0);
  cache.learn("1.2.3.4", "new.example", 3_600, T0 + 60_000);
  cache.learn("1.2.3.4", "old.example", MIN_NAME_TTL_SECONDS, T0 - 1);
  const after = T0 + MIN_NAME_TTL_SECONDS * 1000 + 1;
  assert.deepEqual(cache.names("1.2.3.4", after), ["new.example"]);
});

Deno.test("short TTLs are raised to MIN_NAME_TTL_SECONDS and long ones cut to the maximum", () => {
  const cache = new NameCache();
  cache.learn("1.1.1.1", "cdn.example", 20, T0);
  cache.learn("2.2.2.2", "zero.example", 0, T0);
  cache.learn("3.3.3.3", "forever.example", 2_147_483_647, T0);
  assert.equal(cache.lookup("1.1.1.1", T0 + MIN_NAME_TTL_SECONDS * 1000 - 1), "cdn.example");
  assert.equal(cache.lookup("2.2.2.2", T0 + 60_000), "zero.example");
  assert.equal(cache.lookup("3.3.3.3", T0 + MAX_NAME_TTL_SECONDS * 1000), undefined);
});

Deno.test("the cache holds at most NAME_CACHE_ENTRIES addresses, forgetting the least used", () => {
  const cache = new NameCache();
  cache.learn("10.0.0.0", "kept.example", 600, T0);
  for (let i = 1; i <= NAME_CACHE_ENTRIES + 100; i++) {
    if (i % 1000 === 0) cache.lookup("10.0.0.0", T0); // keep it recently used
    cache.learn(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, `h${i}`, 600, T0);
  }
  assert.equal(cache.size, NAME_CACHE_ENTRIES);
  assert.equal(cache.lookup("10.0.0.0", T0), "kept.example");
  assert.equal(cache.lookup("10.0.0.1", T0), undefined);
});

Deno.test("learning an address's newest name again sets its expiry from the new TTL", () => {
  const cache = new NameCache();
  cache.learn("1.2.3.4", "a.example", 3_600, T0);
  cache.learn("1.2.3.4", "a.example", MIN_NAME_TTL_SECONDS, T0);
  assert.equal(cache.lookup("1.2.3.4", T0 + MIN_NAME_TTL_SECONDS * 1000 - 1), "a.example");
  assert.equal(cache.lookup("1.2.3.4", T0 + MIN_NAME_TTL_SECONDS * 1000), undefined);
  cache.learn("1.2.3.4", "a.example", MIN_NAME_TTL_SECONDS, T0);
  cache.learn("1.2.3.4", "a.example", 3_600, T0);
  assert.equal(cache.lookup("1.2.3.4", T0 + 3_599_999), "a.example");
});
