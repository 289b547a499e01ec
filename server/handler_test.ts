import assert from "node:assert/strict";
import { testServer } from "./_test_server.ts";
import { SseReader } from "./_test_sse.ts";
import { API_INDEX, createHandler } from "./handler.ts";
import { SseHub } from "./sse_hub.ts";
import type { StatsSource } from "./stats_source.ts";

const API_PATHS = ["/stats", "/events", "/api/flows", "/api/packets", "/api/series", "/healthz"];

Deno.test("createHandler() answers an unknown path with 404 JSON", async () => {
  for (const path of ["/nope", "/api", "/api/hosts", "/stats/extra"]) {
    const res = await testServer().fetch(path);
    assert.equal(res.status, 404, path);
    assert.deepEqual(await res.json(), {
      error: { status: 404, message: `Cannot find ${path}: no such endpoint` },
    });
  }
});

Deno.test("createHandler() answers a wrong method on every route with 405 and Allow: GET, HEAD", async () => {
  const s = testServer();
  for (const path of [...API_PATHS, "/", "/assets/app.js"]) {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const res = await s.fetch(path, { method });
      assert.equal(res.status, 405, `${method} ${path}`);
      assert.equal(res.headers.get("allow"), "GET, HEAD");
      assert.equal((await res.json()).error.status, 405);
    }
  }
});

Deno.test("createHandler() answers HEAD on every API route with GET's headers and no body", async () => {
  const s = testServer();
  for (const path of API_PATHS) {
    const res = await s.fetch(path, { method: "HEAD" });
    assert.equal(res.status, 200, path);
    assert.equal(res.body, null);
  }
  assert.equal(s.hub.counts.clients, 0, "HEAD /events leaves no client behind");
});

Deno.test("GET /events opens an event stream that starts with retry and a snapshot", async () => {
  const s = testServer();
  const res = await s.fetch("/events");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
  const r = new SseReader(res.body!);
  assert.deepEqual(await r.next(), { retry: 2000 });
  const snap = await r.next();
  assert.equal(snap?.event, "snapshot");
  assert.equal(JSON.parse(snap!.data!).stats.packets, 5);
  await r.cancel();
  assert.equal(s.hub.counts.clients, 0);
});

Deno.test("GET /events refuses query parameters with 400 and opens no stream", async () => {
  const s = testServer();
  const res = await s.fetch("/events?since=5");
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.parameter, "since");
  assert.equal(s.hub.counts.connected, 0);
});

Deno.test("GET / lists the API while no dashboard is plugged in", async () => {
  const res = await testServer().fetch("/");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), JSON.parse(JSON.stringify(API_INDEX)));
  assert.equal((await testServer().fetch("/assets/app.js")).status, 404);
});

Deno.test("createHandler() hands / and /assets/* to staticAssets, and 404s what it does not have", async () => {
  const asked: string[] = [];
  const s = testServer({
    staticAssets: (_req, path) => {
      asked.push(path);
      return path === "/missing.js" || path === "/assets/missing.js"
        ? null
        : new Response(`file ${path}`);
    },
  });
  assert.equal(await (await s.fetch("/")).text(), "file /");
  assert.equal(await (await s.fetch("/assets/app.js?v=3")).text(), "file /assets/app.js");
  const missing = await s.fetch("/assets/missing.js");
  assert.equal(missing.status, 404);
  assert.match((await missing.json()).error.message, /^Cannot find \/assets\/missing.js/);
  await s.fetch("/stats");
  assert.deepEqual(
    asked,
    ["/", "/assets/app.js", "/assets/missing.js"],
    "API routes never reach it",
  );
});

Deno.test("createHandler() turns an engine failure into a 500 and reports it to onError", async () => {
  const broken: StatsSource = {
    snapshot: () => {
      throw new Error("table corrupted");
    },
    flows: () => ({ total: 0, matched: 0, offset: 0, flows: [] }),
    packets: () => [],
    series:
      () => ({ resolutionMs: 1000, startMs: 0, buckets: 0, pps: {}, bps: {}, late: 0 } as never),
  };
  const errors: unknown[] = [];
  const status = testServer().status;
  const handle = createHandler({
    engine: broken,
    hub: new SseHub({ engine: broken, status: () => status }),
    status: () => status,
    onError: (e) => errors.push(e),
  });
  const res = await handle(new Request("http://localhost/stats"));
  assert.equal(res.status, 500);
  assert.doesNotMatch(await res.text(), /corrupted/);
  assert.equal(errors.length, 1);
  assert.equal((await handle(new Request("http://localhost/api/flows"))).status, 200);
});
