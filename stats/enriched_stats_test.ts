import assert from "node:assert/strict";
import { nameBatch } from "../capture/name_batch.ts";
import type { FlowRef } from "../capture/inspect/name_event.ts";
import { loadGeoDatabases } from "./enrich/embedded_geo.ts";
import { LocalNetworks } from "./enrich/local_networks.ts";
import { StatsEngine } from "./engine.ts";
import { EnrichedStats, PLACES_REFRESH_MS } from "./enriched_stats.ts";
import { makePacket } from "./_test_packet.ts";
import { parseDisplayFilter } from "./display_filter.ts";

const flow: FlowRef = {
  src: "192.168.1.10",
  dst: "8.8.8.8",
  sport: 50000,
  dport: 443,
  proto: 6,
  tunneled: false,
};

function scenario() {
  const engine = new StatsEngine({ clock: "packet", hashSeed: 1 });
  let opened = 0;
  const stats = new EnrichedStats(engine, {
    geo: () => {
      opened++;
      return loadGeoDatabases({});
    },
    localNetworks: LocalNetworks.fromStrings(["192.168.1.0/24"]),
    now: () => 0,
  });
  for (let i = 0; i < 5; i++) {
    engine.ingest(
      makePacket({ t: 1 + i, src: "192.168.1.10", dst: "8.8.8.8", sport: 50000, dport: 443 }),
    );
    engine.ingest(
      makePacket({ t: 1 + i, src: "8.8.8.8", dst: "192.168.1.10", sport: 443, dport: 50000 }),
    );
  }
  return { engine, stats, opened: () => opened };
}

Deno.test("EnrichedStats opens the databases only when a document needs them, once", () => {
  const { stats, opened } = scenario();
  stats.ingestNames(nameBatch({ queryNames: ["dns.google"], queryCounts: [3], events: [] }));
  assert.equal(opened(), 0);
  stats.snapshot();
  stats.snapshot();
  assert.equal(opened(), 1);
});

Deno.test("EnrichedStats puts names, places and classes beside the addresses it shows", () => {
  const { stats } = scenario();
  stats.ingestNames(nameBatch({
    queryNames: ["dns.google"],
    queryCounts: [3],
    events: [{ kind: "tls-sni", name: "dns.google", flow }],
  }));
  const s = stats.snapshot();
  assert.deepEqual(s.dns.queries, { "dns.google": 3 });
  assert.deepEqual(s.tls.sni, { "dns.google": 1 });
  assert.deepEqual(s.addresses["8.8.8.8"], {
    name: "dns.google",
    country: "US",
    asn: 15169,
    asOrganization: "Google LLC",
    class: "global",
    local: false,
  });
  assert.equal(s.addresses["192.168.1.10"]?.local, true);
  assert.equal(s.addresses["192.168.1.10"]?.class, "private");
  assert.equal(s.addresses["192.168.1.10"]?.country, null);
  assert.deepEqual(s.places.countries.map((c) => [c.key, c.packets, c.hosts]), [["US", 10, 1]]);
  assert.equal(s.places.asns[0]?.key, "AS15169");
  // The contract fields are the engine's, untouched.
  assert.equal(s.packets, 10);
  assert.deepEqual(s.topSources.map((r) => r.ip).sort(), ["192.168.1.10", "8.8.8.8"]);
});

Deno.test("EnrichedStats names both ends of every flow in a page", () => {
  const { stats } = scenario();
  stats.ingestNames(nameBatch({
    queryNames: [],
    queryCounts: [],
    events: [{ kind: "tls-sni", name: "dns.google", flow }],
  }));
  const page = stats.flows({ limit: 10 });
  assert.equal(page.flows.length, 1);
  assert.equal(page.addresses["8.8.8.8"]?.name, "dns.google");
  assert.equal(page.addresses["192.168.1.10"]?.name, null);
});

Deno.test("EnrichedStats reuses its country table for PLACES_REFRESH_MS, then recomputes it", () => {
  const engine = new StatsEngine({ clock: "packet", hashSeed: 1 });
  let mono = 0;
  const stats = new EnrichedStats(engine, {
    geo: loadGeoDatabases({}),
    localNetworks: LocalNetworks.fromStrings(["192.168.1.0/24"]),
    now: () => 0,
    monotonicNow: () => mono,
  });
  engine.ingest(makePacket({ t: 1, src: "192.168.1.10", dst: "8.8.8.8", sport: 1, dport: 53 }));
  assert.equal(stats.snapshot().places.countries[0]?.packets, 1);
  engine.ingest(makePacket({ t: 2, src: "192.168.1.10", dst: "8.8.8.8", sport: 1, dport: 53 }));
  mono = PLACES_REFRESH_MS - 1;
  assert.equal(stats.snapshot().places.countries[0]?.packets, 1, "still the cached table");
  mono = PLACES_REFRESH_MS;
  assert.equal(stats.snapshot().places.countries[0]?.packets, 2, "recomputed");
});

Deno.test("EnrichedStats.refreshPlaces() makes the next document recompute the country table", () => {
  const engine = new StatsEngine({ clock: "packet", hashSeed: 1 });
  const stats = new EnrichedStats(engine, {
    geo: loadGeoDatabases({}),
    localNetworks: LocalNetworks.fromStrings(["192.168.1.0/24"]),
    now: () => 0,
    monotonicNow: () => 0,
  });
  assert.deepEqual(stats.snapshot().places.countries, [], "taken before any packet");
  engine.ingest(makePacket({ t: 1, src: "192.168.1.10", dst: "8.8.8.8", sport: 1, dport: 53 }));
  assert.deepEqual(stats.snapshot().places.countries, [], "the cached, empty table");
  stats.refreshPlaces();
  assert.equal(stats.snapshot().places.countries[0]?.key, "US");
});

Deno.test("EnrichedStats scopes flows and packets to a country with the filter's country condition", () => {
  const { stats, engine } = scenario();
  engine.ingest(
    makePacket({ t: 9, src: "192.168.1.10", dst: "195.30.94.28", sport: 1, dport: 53 }),
  );
  const ends = (filter: string) =>
    stats.flows({ expression: parseDisplayFilter(filter), limit: 10 }).flows.map((f) =>
      [f.aIp, f.bIp].sort().join(" ")
    );
  assert.deepEqual(ends("country de"), ["192.168.1.10 195.30.94.28"]);
  assert.deepEqual(ends("country US"), ["192.168.1.10 8.8.8.8"]);
  assert.deepEqual(ends("country fr"), []);
  assert.deepEqual(ends("not country de"), ["192.168.1.10 8.8.8.8"]);
  const packets = stats.packets({ expression: parseDisplayFilter("country de") });
  assert.deepEqual(packets.map((p) => p.dst), ["195.30.94.28"]);
});
