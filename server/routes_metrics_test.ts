import assert from "node:assert/strict";
import { DecodedPacket } from "../capture/decode/packet.ts";
import { fillPacket, type PacketSpec } from "../stats/_test_packet.ts";
import { StatsEngine } from "../stats/engine.ts";
import { createHandler } from "./handler.ts";
import { SseHub } from "./sse_hub.ts";
import { RUNNING, SAMPLE_PACKETS } from "./_test_server.ts";
import { PROTOCOL_LABELS } from "./wirescope_metrics.ts";

function metricsOf(packets: readonly PacketSpec[]) {
  const engine = new StatsEngine({ hashSeed: 1, epochNow: () => 1_700_000_000_000 });
  engine.setMeta({ source: "eth0", sourceKind: "live" });
  const p = new DecodedPacket();
  for (const spec of packets) engine.ingest(fillPacket(p, spec));
  const status = () => RUNNING;
  const handle = createHandler({
    engine,
    hub: new SseHub({ engine, status }),
    status,
    metrics: { version: "9.9.9", libpcap: "libpcap version test" },
  });
  return { engine, get: () => handle(new Request("http://localhost/metrics")) };
}

/** The sample lines: `name{labels} value`, comments left out. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

Deno.test("GET /metrics splits packets and bytes into protocols that add up to the totals", async () => {
  const { engine, get } = metricsOf(SAMPLE_PACKETS);
  const response = await get();
  assert.equal(response.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const values = samples(await response.text());
  const sum = (name: string) =>
    PROTOCOL_LABELS.reduce(
      (total, protocol) => total + values.get(`${name}{interface="eth0",protocol="${protocol}"}`)!,
      0,
    );
  const snapshot = engine.snapshot();
  assert.equal(sum("wirescope_packets_total"), snapshot.packets);
  assert.equal(sum("wirescope_bytes_total"), snapshot.bytes);
  assert.equal(values.get('wirescope_packets_total{interface="eth0",protocol="tcp"}'), 2);
  assert.equal(values.get("wirescope_flows_active"), 3);
  assert.equal(values.get('wirescope_drops_total{kind="backlog"}'), 0);
  assert.equal(
    values.get(
      `wirescope_build_info{version="9.9.9",libpcap="libpcap version test",deno="${Deno.version.deno}"}`,
    ),
    1,
  );
});

Deno.test("GET /metrics has the same series for 5 packets as for 5,000 hosts", async () => {
  const many: PacketSpec[] = [];
  for (let i = 0; i < 5000; i++) {
    const src = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    many.push({
      t: 100 + i / 1000,
      src,
      dst: "192.0.2.1",
      proto: "udp",
      sport: i,
      dport: 53,
      len: 90,
    });
  }
  const few = samples(await (await metricsOf(SAMPLE_PACKETS).get()).text());
  const lots = samples(await (await metricsOf(many).get()).text());
  // Labels come from fixed lists, never from addresses, ports or names.
  const wirescopeSeries = (m: Map<string, number>) =>
    [...m.keys()].filter((k) => k.startsWith("wirescope_")).sort();
  assert.deepEqual(wirescopeSeries(lots), wirescopeSeries(few));
  assert.equal(lots.get("wirescope_hosts_active"), 5001);
});

Deno.test("GET /metrics refuses parameters, and is no route without build information", async () => {
  const { engine } = metricsOf(SAMPLE_PACKETS);
  const status = () => RUNNING;
  const bare = createHandler({ engine, hub: new SseHub({ engine, status }), status });
  assert.equal((await bare(new Request("http://localhost/metrics"))).status, 404);
  const withMetrics = createHandler({
    engine,
    hub: new SseHub({ engine, status }),
    status,
    metrics: { version: "1", libpcap: "x" },
  });
  assert.equal((await withMetrics(new Request("http://localhost/metrics?x=1"))).status, 400);
});
