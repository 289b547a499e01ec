import assert from "node:assert/strict";
import { makePacket } from "../stats/_test_packet.ts";
import { loadGeoDatabases } from "../stats/enrich/embedded_geo.ts";
import { LocalNetworks } from "../stats/enrich/local_networks.ts";
import { StatsEngine } from "../stats/engine.ts";
import { EnrichedStats } from "../stats/enriched_stats.ts";
import { HttpError } from "./http_error.ts";
import { hostsRoute } from "./routes_hosts.ts";

/** A LAN host talking to Google (US), SpaceNet (DE) twice as much, and a private printer. */
function route() {
  const engine = new StatsEngine({ clock: "packet", hashSeed: 1 });
  const stats = new EnrichedStats(engine, {
    geo: loadGeoDatabases({}),
    localNetworks: LocalNetworks.fromStrings(["192.168.1.0/24"]),
    now: () => 0,
  });
  const send = (t: number, src: string, dst: string) =>
    engine.ingest(makePacket({ t, src, dst, sport: 5000, dport: 443 }));
  send(1, "192.168.1.10", "8.8.8.8");
  for (let t = 1; t <= 2; t++) send(t, "192.168.1.10", "195.30.94.28");
  send(3, "192.168.1.10", "192.168.1.20");
  const handle = hostsRoute({
    hosts: (rank, limit) => engine.hosts(rank, limit),
    describe: (ip) => stats.describe(ip),
  });
  return async (query: string) => {
    const url = new URL(`http://127.0.0.1/api/hosts?${query}`);
    let res: Response;
    try {
      res = handle({ request: new Request(url), url, pretty: false });
    } catch (error) {
      // The router answers a thrown HttpError with its JSON body, as here.
      if (!(error instanceof HttpError)) throw error;
      res = error.toResponse();
    }
    return { status: res.status, body: await res.json() };
  };
}

Deno.test("GET /api/hosts?country=DE keeps only the hosts placed in that country", async () => {
  const get = route();
  const all = await get("sort=rx-packets");
  assert.deepEqual(all.body.hosts.map((h: { ip: string }) => h.ip), [
    "195.30.94.28",
    "192.168.1.20",
    "8.8.8.8",
  ]);
  const de = await get("sort=rx-packets&country=de");
  assert.equal(de.status, 200);
  assert.deepEqual(de.body.hosts.map((h: { ip: string }) => h.ip), ["195.30.94.28"]);
  assert.deepEqual(Object.keys(de.body.addresses), ["195.30.94.28"]);
  const us = await get("sort=rx-packets&country=US");
  assert.deepEqual(us.body.hosts.map((h: { ip: string }) => h.ip), ["8.8.8.8"]);
  assert.deepEqual((await get("country=unknown")).body.hosts, []);
});

Deno.test("GET /api/hosts refuses a country that is not a two-letter code, naming it", async () => {
  const get = route();
  const bad = await get("country=germany");
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /country "germany": expected a two-letter country code/);
});
