import assert from "node:assert/strict";
import { testServer } from "./_test_server.ts";

Deno.test("GET /healthz reports ok, uptime, the capture status and the event stream counts", async () => {
  const s = testServer();
  s.clock.ms = 2500;
  const res = await s.fetch("/healthz");
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, "ok");
  assert.equal(body.uptimeMs, 2500);
  assert.deepEqual(body.capture, s.status);
  assert.deepEqual(body.events, s.hub.counts);
});

Deno.test("GET /healthz stays 200 when the capture has ended", async () => {
  const s = testServer();
  s.status = { ...s.status, state: "ended", endReason: "eof" };
  const res = await s.fetch("/healthz");
  assert.equal(res.status, 200);
  assert.equal((await res.json()).capture.state, "ended");
});

Deno.test("GET /healthz refuses query parameters", async () => {
  const res = await testServer().fetch("/healthz?verbose=1");
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.parameter, "verbose");
});
