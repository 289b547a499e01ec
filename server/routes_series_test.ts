import assert from "node:assert/strict";
import { testServer } from "./_test_server.ts";

Deno.test("GET /api/series returns 5 minutes of 1 s rates per family by default", async () => {
  const res = await testServer().fetch("/api/series");
  assert.equal(res.status, 200);
  const s = await res.json();
  assert.equal(s.resolutionMs, 1000);
  assert.equal(s.buckets, 300);
  assert.equal(s.startMs, (102 - 299) * 1000);
  assert.deepEqual(Object.keys(s.pps), ["total", "tcp", "udp", "icmp", "other-ip", "non-ip"]);
  assert.deepEqual(s.pps.total.slice(-3), [2, 2, 1]);
  assert.deepEqual(s.bps.tcp.slice(-3), [1600 * 8, 0, 0]);
});

Deno.test("GET /api/series?window= picks the 1 s ring up to an hour and the 1 min ring past it", async () => {
  const s = testServer();
  assert.equal((await (await s.fetch("/api/series?window=90s")).json()).buckets, 90);
  const day = await (await s.fetch("/api/series?window=24h")).json();
  assert.equal(day.resolutionMs, 60_000);
  assert.equal(day.buckets, 1440);
});

Deno.test("GET /api/series answers 400 naming window for a malformed or too long window", async () => {
  for (const bad of ["5", "5y", "0s", "-1m", "8d"]) {
    const res = await testServer().fetch(`/api/series?window=${bad}`);
    assert.equal(res.status, 400, bad);
    const { error } = await res.json();
    assert.equal(error.parameter, "window");
    assert.match(error.message, /^Cannot read series window/);
  }
  const unknown = await (await testServer().fetch("/api/series?span=5m")).json();
  assert.equal(unknown.error.parameter, "span");
});
