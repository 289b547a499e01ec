import assert from "node:assert/strict";
import { testServer } from "./_test_server.ts";
import { STATS_MAX_AGE_MS } from "./stats_cache.ts";

Deno.test("GET /stats serves the engine snapshot unchanged with the capture status beside it", async () => {
  const s = testServer();
  const res = await s.fetch("/stats");
  assert.equal(res.status, 200);
  const body = await res.json();
  const { capture, ...snapshot } = body;
  assert.deepEqual(snapshot, JSON.parse(JSON.stringify(s.engine.snapshot())));
  assert.deepEqual(capture, s.status);
});

Deno.test("GET /stats has the contract fields checked by outside tools, with their exact names", async () => {
  const body = await (await testServer().fetch("/stats")).json();
  assert.equal(body.linkType, "EN10MB");
  assert.equal(body.packets, 5);
  assert.equal(body.bytes, 1870);
  assert.deepEqual(body.protocols, {
    ipv4: 4,
    ipv6: 1,
    arp: 0,
    tcp: 2,
    udp: 2,
    icmp: 0,
    icmpv6: 1,
    other: 0,
  });
  assert.deepEqual(
    body.topSources.map((
      r: { ip: string; packets: number; bytes: number },
    ) => [r.ip, r.packets, r.bytes]),
    [
      ["10.0.0.1", 2, 180],
      ["10.0.0.2", 1, 1500],
      ["10.0.0.3", 1, 120],
      ["2001:db8::1", 1, 70],
    ],
  );
  assert.deepEqual(body.conversations, { tcp: 1, udp: 1 });
  for (const key of ["rates", "topPorts", "flows", "meta", "drops", "capture"]) {
    assert.ok(key in body, key);
  }
});

Deno.test("GET /stats is compact for programs and indented for curl or ?pretty", async () => {
  const s = testServer();
  assert.doesNotMatch(await (await s.fetch("/stats")).text(), /\n/);
  assert.match(await (await s.fetch("/stats?pretty")).text(), /^\{\n {2}"linkType": "EN10MB",\n/);
  const curl = await s.fetch("/stats", { headers: { "user-agent": "curl/8.5.0" } });
  assert.match(await curl.text(), /^\{\n {2}"/);
});

Deno.test("GET /stats refuses any query parameter but pretty, naming it", async () => {
  const res = await testServer().fetch("/stats?top=5");
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.parameter, "top");
});

Deno.test("GET /stats serves the last tick's document while it is under a second old", async () => {
  const s = testServer();
  const before = await (await s.fetch("/stats")).json();
  s.feed([{ t: 103, src: "10.0.0.1", dst: "10.0.0.2" }]);
  assert.equal((await (await s.fetch("/stats")).json()).packets, before.packets, "same tick");
  s.clock.ms += STATS_MAX_AGE_MS;
  assert.equal((await (await s.fetch("/stats")).json()).packets, before.packets + 1, "next tick");
});

Deno.test("GET /stats shows what an SSE tick just took", async () => {
  const s = testServer();
  await s.fetch("/stats");
  const events = await s.fetch("/events"); // a client, so ticks do work
  s.feed([{ t: 103, src: "10.0.0.1", dst: "10.0.0.2" }]);
  s.hub.tick();
  assert.equal((await (await s.fetch("/stats")).json()).packets, 6);
  await events.body?.cancel();
});
