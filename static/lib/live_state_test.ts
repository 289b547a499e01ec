import assert from "node:assert/strict";
import type { StatsDocument } from "../../wire/stats_document.ts";
import type { FlowPage } from "../../stats/flow_query.ts";
import type { SeriesData } from "../../stats/rate_series.ts";
import type { PacketRecord } from "../../stats/recent_packets.ts";
import { applyDelta, PAGE_PACKETS, type SnapshotEvent, stateFromSnapshot } from "./live_state.ts";

function series(startMs: number, values: number[]): SeriesData {
  const column = () => values.slice();
  const families = () => ({
    total: column(),
    tcp: column(),
    udp: column(),
    icmp: column(),
    "other-ip": column(),
    "non-ip": column(),
  });
  return {
    resolutionMs: 1000,
    startMs,
    buckets: values.length,
    pps: families(),
    bps: families(),
    late: 0,
  };
}

function packet(seq: number): PacketRecord {
  return {
    seq,
    timeMs: seq,
    ts: `${seq}.000000000`,
    src: "10.0.0.1",
    dst: "10.0.0.2",
    srcPort: 1,
    dstPort: 2,
    protocol: "UDP",
    length: 60,
    captured: 60,
    tcpFlags: null,
    vlan: null,
    info: "",
  };
}

function snapshot(): SnapshotEvent {
  const stats = {
    packets: 10,
    bytes: 600,
    topSources: [{ ip: "10.0.0.1", packets: 10, bytes: 600 }],
    generatedMs: 1,
  } as unknown as StatsDocument;
  const flows: FlowPage = { total: 0, matched: 0, offset: 0, flows: [] };
  return {
    seq: 1,
    generatedMs: 1,
    stats,
    flows,
    series: series(0, [1, 2]),
    packets: [packet(10), packet(9)],
  };
}

Deno.test("applyDelta() replaces the keys it carries and keeps the others' identity", () => {
  const state = stateFromSnapshot(snapshot());
  const topSources = state.stats.topSources;
  applyDelta(state, { seq: 2, generatedMs: 5, stats: { packets: 12, bytes: 700 } });
  assert.equal(state.seq, 2);
  assert.equal(state.stats.packets, 12);
  assert.equal(state.stats.bytes, 700);
  assert.equal(state.stats.generatedMs, 5);
  assert.equal(state.stats.topSources, topSources);
});

Deno.test("applyDelta() prepends new packets and keeps at most PAGE_PACKETS", () => {
  const state = stateFromSnapshot(snapshot());
  const fresh = Array.from({ length: PAGE_PACKETS }, (_, i) => packet(110 - i));
  applyDelta(state, { seq: 2, generatedMs: 2, packets: fresh, packetsSkipped: 3 });
  assert.equal(state.packets.length, PAGE_PACKETS);
  assert.equal(state.packets[0]!.seq, 110);
  assert.equal(state.packetsSkipped, 3);
  applyDelta(state, { seq: 3, generatedMs: 3, packetsSkipped: 2 });
  assert.equal(state.packetsSkipped, 5);
});

Deno.test("applyDelta() replaces the flow page and merges series points by bucket time", () => {
  const state = stateFromSnapshot(snapshot());
  const flows: FlowPage = { total: 1, matched: 1, offset: 0, flows: [] };
  applyDelta(state, { seq: 2, generatedMs: 2, flows, series: series(1000, [5, 7]) });
  assert.equal(state.flows, flows);
  assert.deepEqual(state.series.pps.total, [1, 5, 7]);
  assert.equal(state.series.startMs, 0);
});
