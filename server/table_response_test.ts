/**
 * `format=csv|ndjson|json` on the table routes, through the real handler over a real engine
 * (and, for /api/hosts, the real enrichment with the embedded databases).
 */
import assert from "node:assert/strict";
import { DecodedPacket } from "../capture/decode/packet.ts";
import { fillPacket } from "../stats/_test_packet.ts";
import { StatsEngine } from "../stats/engine.ts";
import { EnrichedStats } from "../stats/enriched_stats.ts";
import { loadGeoDatabases } from "../stats/enrich/embedded_geo.ts";
import { LocalNetworks } from "../stats/enrich/local_networks.ts";
import { flowColumns } from "../export/flow_columns.ts";
import { hostColumns } from "../export/host_columns.ts";
import { PACKET_COLUMNS } from "../export/packet_columns.ts";
import { createHandler } from "./handler.ts";
import { SseHub } from "./sse_hub.ts";
import { RUNNING, SAMPLE_PACKETS, testServer } from "./_test_server.ts";

/** Splits CSV that has no quoted fields (the sample's values have none) into rows of cells. */
function csvRows(text: string): string[][] {
  assert.ok(text.endsWith("\r\n"), "records end in CRLF");
  return text.slice(0, -2).split("\r\n").map((line) => line.split(","));
}

function enrichedHandler() {
  const engine = new StatsEngine({ hashSeed: 1, epochNow: () => 1_700_000_000_000 });
  const stats = new EnrichedStats(engine, {
    geo: loadGeoDatabases({}),
    localNetworks: LocalNetworks.fromStrings(["10.0.0.0/8"]),
    now: () => 0,
  });
  const p = new DecodedPacket();
  for (const spec of SAMPLE_PACKETS) engine.ingest(fillPacket(p, spec));
  const status = () => RUNNING;
  const hub = new SseHub({ engine: stats, status });
  const handle = createHandler({
    engine: stats,
    hub,
    status,
    hosts: {
      hosts: (rank, limit) => engine.hosts(rank, limit),
      describe: (ip) => stats.describe(ip),
    },
  });
  return (path: string) => handle(new Request(`http://localhost${path}`));
}

Deno.test("GET /api/flows?format=csv is the JSON page's flows, one RFC 4180 record each", async () => {
  const server = testServer();
  const json = await (await server.fetch("/api/flows")).json();
  const response = await server.fetch("/api/flows?format=csv");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/csv; charset=utf-8; header=present");
  assert.match(
    response.headers.get("content-disposition") ?? "",
    /filename="wirescope-flows\.csv"/,
  );
  const [header, ...rows] = csvRows(await response.text());
  assert.deepEqual(header, flowColumns().map((c) => c.name));
  assert.equal(rows.length, json.flows.length);
  assert.equal(rows.length, 3);
  const at = (name: string) => header!.indexOf(name);
  json.flows.forEach((flow: Record<string, unknown>, i: number) => {
    const row = rows[i]!;
    assert.equal(row[at("aIp")], flow.aIp);
    assert.equal(row[at("bIp")], flow.bIp);
    assert.equal(row[at("protocol")], flow.protocol);
    assert.equal(Number(row[at("bytes")]), flow.bytes);
    assert.equal(Number(row[at("packets")]), flow.packets);
    assert.equal(row[at("aPort")], flow.aPort === null ? "" : String(flow.aPort));
  });
});

Deno.test("GET /api/flows?format=ndjson streams the page's flows, one document a line", async () => {
  const server = testServer();
  const json = await (await server.fetch("/api/flows?protocol=tcp")).json();
  const response = await server.fetch("/api/flows?protocol=tcp&format=ndjson");
  assert.equal(response.headers.get("content-type"), "application/x-ndjson; charset=utf-8");
  const text = await response.text();
  assert.ok(text.endsWith("\n"));
  assert.deepEqual(text.trimEnd().split("\n").map((l) => JSON.parse(l)), json.flows);
  assert.equal(json.flows.length, 1);
});

Deno.test("GET /api/packets?format=csv|ndjson carry the same packets as the JSON list", async () => {
  const server = testServer();
  const json = await (await server.fetch("/api/packets")).json();
  const [header, ...rows] = csvRows(await (await server.fetch("/api/packets?format=csv")).text());
  assert.deepEqual(header, PACKET_COLUMNS.map((c) => c.name));
  assert.deepEqual(rows.map((r) => Number(r[0])), json.packets.map((p: { seq: number }) => p.seq));
  assert.equal(rows.length, SAMPLE_PACKETS.length);
  const nd = await (await server.fetch("/api/packets?format=ndjson&limit=2")).text();
  assert.deepEqual(nd.trimEnd().split("\n").map((l) => JSON.parse(l)), json.packets.slice(0, 2));
});

Deno.test("A table route refuses an unknown format with a 400 naming the parameter", async () => {
  const server = testServer();
  for (const path of ["/api/flows?format=xml", "/api/packets?format=CSV"]) {
    const response = await server.fetch(path);
    assert.equal(response.status, 400, path);
    const body = await response.json();
    assert.equal(body.error.parameter, "format");
    assert.match(body.error.message, /expected one of json, csv, ndjson/);
  }
  assert.equal((await server.fetch("/stats?format=csv")).status, 400, "/stats is no table");
});

Deno.test("GET /api/hosts ranks hosts and describes each address", async () => {
  const get = enrichedHandler();
  const body = await (await get("/api/hosts")).json();
  assert.equal(body.sort, "tx-bytes");
  // 10.0.0.2 sent 1500 bytes, 10.0.0.1 sent 180, 10.0.0.3 sent 120, 2001:db8::1 sent 70.
  assert.deepEqual(body.hosts.map((h: { ip: string }) => h.ip), [
    "10.0.0.2",
    "10.0.0.1",
    "10.0.0.3",
    "2001:db8::1",
  ]);
  assert.equal(body.hosts[0].txBytes, 1500);
  assert.equal(body.addresses["10.0.0.2"].local, true);
  const received = await (await get("/api/hosts?sort=rx-packets&limit=1")).json();
  assert.equal(received.hosts.length, 1);
  assert.equal(received.hosts[0].ip, "10.0.0.1");
});

Deno.test("GET /api/hosts?format=csv carries each host's description in its row", async () => {
  const get = enrichedHandler();
  const response = await get("/api/hosts?format=csv");
  assert.equal(response.headers.get("content-type"), "text/csv; charset=utf-8; header=present");
  const [header, ...rows] = csvRows(await response.text());
  assert.deepEqual(header, hostColumns().map((c) => c.name));
  const row = rows[0]!;
  assert.equal(row[header!.indexOf("ip")], "10.0.0.2");
  assert.equal(row[header!.indexOf("txBytes")], "1500");
  assert.equal(row[header!.indexOf("local")], "true");
  assert.equal(row[header!.indexOf("class")], "private");
  const nd = await (await get("/api/hosts?format=ndjson")).text();
  assert.equal(nd.trimEnd().split("\n").length, 4);
});

Deno.test("GET /api/hosts refuses bad parameters, and is a 404 without a host table", async () => {
  const get = enrichedHandler();
  assert.equal((await (await get("/api/hosts?sort=ip")).json()).error.parameter, "sort");
  assert.equal((await (await get("/api/hosts?limit=1001")).json()).error.parameter, "limit");
  const bare = testServer();
  assert.equal((await bare.fetch("/api/hosts")).status, 404);
});
