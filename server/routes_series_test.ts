import assert from "node:assert/strict";
import { RUNNING, testServer } from "./_test_server.ts";
import { createHandler } from "./handler.ts";
import { SseHub } from "./sse_hub.ts";
import { DecodedPacket } from "../capture/decode/packet.ts";
import { fillPacket } from "../stats/_test_packet.ts";
import { StatsEngine } from "../stats/engine.ts";
import type { FlowQuery } from "../stats/flow_query.ts";
import type { PacketQuery } from "../stats/recent_packets.ts";

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

Deno.test("GET /api/series?interface= answers 400 naming interface where there are none", async () => {
  const res = await testServer().fetch("/api/series?interface=eth0");
  assert.equal(res.status, 400);
  const { error } = await res.json();
  assert.equal(error.parameter, "interface");
  assert.match(error.message, /reads a file/);
});

Deno.test("GET /api/series?interface= serves that interface's series, 400 for another name", async () => {
  const eth1 = new StatsEngine({ hashSeed: 1, epochNow: () => 1_700_000_000_000 });
  eth1.ingest(
    fillPacket(new DecodedPacket(), { t: 100, len: 500, src: "10.0.0.1", dst: "10.0.0.2" }),
  );
  const interfaceSeries = (name: string, window?: string) => {
    if (name !== "eth1") throw new RangeError(`no interface "${name}" in this capture (eth1)`);
    return eth1.series(window);
  };
  const handle = createHandler({
    engine: { ...engineReads(eth1), interfaceSeries },
    hub: new SseHub({ engine: eth1, status: () => RUNNING }),
    status: () => RUNNING,
  });
  const ok = await handle(new Request("http://localhost/api/series?interface=eth1&window=90s"));
  assert.equal(ok.status, 200);
  const series = await ok.json();
  assert.equal(series.buckets, 90);
  assert.equal(series.pps.total.reduce((a: number, b: number) => a + b, 0), 1);
  const bad = await handle(new Request("http://localhost/api/series?interface=eth9"));
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error.message, /no interface "eth9"/);
});

function engineReads(engine: StatsEngine) {
  return {
    snapshot: () => engine.snapshot(),
    flows: (q?: FlowQuery) => engine.flows(q),
    packets: (q?: PacketQuery) => engine.packets(q),
    series: (w?: string) => engine.series(w),
  };
}
