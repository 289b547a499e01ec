import assert from "node:assert/strict";
import type { SeriesData } from "../stats/rate_series.ts";
import type { PacketRecord } from "../stats/recent_packets.ts";
import { testServer } from "./_test_server.ts";
import { DeltaTracker, EVENT_PACKETS, seriesSince } from "./delta.ts";
import { statsDocument } from "./stats_document.ts";

function tracker() {
  const server = testServer();
  const document = () => statsDocument(server.engine, () => server.status);
  return { server, t: new DeltaTracker(server.engine, document) };
}

/** What a client does with a delta (README.md, "Applying a delta"). */
// deno-lint-ignore no-explicit-any
function apply(state: any, delta: any): void {
  Object.assign(state.stats, delta.stats ?? {});
  state.stats.generatedMs = delta.generatedMs;
  if (delta.flows !== undefined) state.flows = delta.flows;
  if (delta.series !== undefined) state.series = mergeSeries(state.series, delta.series);
  if (delta.packets !== undefined) {
    state.packets = [...delta.packets, ...state.packets].slice(0, EVENT_PACKETS);
  }
  state.seq = delta.seq;
}

/** Overwrite points by bucket time and keep the window's length, ending at the newest bucket. */
function mergeSeries(old: SeriesData, add: SeriesData): SeriesData {
  const res = old.resolutionMs;
  const endMs = add.startMs + (add.buckets - 1) * res;
  const startMs = endMs - (old.buckets - 1) * res;
  const pick = (key: "pps" | "bps", fam: keyof SeriesData["pps"]) =>
    Array.from({ length: old.buckets }, (_, i) => {
      const t = startMs + i * res;
      const fromAdd = (t - add.startMs) / res;
      if (fromAdd >= 0) return add[key][fam][fromAdd]!;
      const fromOld = (t - old.startMs) / res;
      return fromOld >= 0 && fromOld < old.buckets ? old[key][fam][fromOld]! : 0;
    });
  const fams = Object.keys(old.pps) as (keyof SeriesData["pps"])[];
  const both = (key: "pps" | "bps") => Object.fromEntries(fams.map((f) => [f, pick(key, f)]));
  return {
    ...add,
    startMs,
    buckets: old.buckets,
    pps: both("pps") as SeriesData["pps"],
    bps: both("bps") as SeriesData["bps"],
  };
}

Deno.test("DeltaTracker.snapshot() holds the /stats document, flows, series and packets", () => {
  const { t } = tracker();
  const s = JSON.parse(t.snapshot());
  assert.equal(s.seq, 1);
  assert.equal(s.stats.linkType, "EN10MB");
  assert.equal(s.stats.packets, 5);
  assert.deepEqual(Object.keys(s.stats.protocols).sort(), [
    "arp",
    "icmp",
    "icmpv6",
    "ipv4",
    "ipv6",
    "other",
    "tcp",
    "udp",
  ]);
  assert.deepEqual(s.stats.conversations, { tcp: 1, udp: 1 });
  assert.equal(s.stats.capture.state, "running");
  assert.equal(s.generatedMs, 1_700_000_000_000);
  assert.equal(s.flows.total, 3);
  assert.deepEqual(s.packets.map((p: PacketRecord) => p.seq), [5, 4, 3, 2, 1]);
  assert.equal(s.series.resolutionMs, 1000);
  assert.equal(s.series.buckets, 300);
});

Deno.test("DeltaTracker.advance() returns null first and when nothing changed", () => {
  const { t } = tracker();
  assert.equal(t.advance(), null, "no previous baseline");
  assert.equal(t.advance(), null, "nothing happened");
  assert.equal(t.seq, 2);
});

Deno.test("DeltaTracker.advance() carries only the stats keys that changed, and new packets", () => {
  const { server, t } = tracker();
  t.advance();
  server.feed([{
    t: 102.5,
    src: "10.0.0.1",
    dst: "10.0.0.3",
    proto: "udp",
    sport: 5000,
    dport: 53,
    len: 90,
  }]);
  const d = JSON.parse(t.advance()!);
  assert.equal(d.seq, 2);
  assert.equal(d.stats.packets, 6);
  assert.equal(d.stats.bytes, 1870 + 90);
  assert.ok("topSources" in d.stats, "the top list changed");
  for (const same of ["linkType", "meta", "conversations", "capture"]) {
    assert.ok(!(same in d.stats), `${same} did not change and is left out`);
  }
  assert.deepEqual(d.packets.map((p: PacketRecord) => p.seq), [6]);
  assert.equal(d.packetsSkipped, 0);
  assert.ok(d.flows !== undefined);
  assert.equal(d.series.startMs, 102_000, "the newest bucket again, as it filled");
  assert.equal(d.series.buckets, 1);
  assert.equal(d.series.pps.total[0], 2);
});

Deno.test("DeltaTracker.advance() sends the capture status when it changes", () => {
  const { server, t } = tracker();
  t.advance();
  server.status = { ...server.status, state: "ended", endReason: "eof" };
  const d = JSON.parse(t.advance()!);
  assert.deepEqual(Object.keys(d).sort(), ["generatedMs", "seq", "stats"]);
  assert.deepEqual(Object.keys(d.stats), ["capture"]);
  assert.equal(d.stats.capture.endReason, "eof");
});

Deno.test("DeltaTracker.advance() caps new packets at EVENT_PACKETS and counts the rest", () => {
  const { server, t } = tracker();
  t.advance();
  const burst = Array.from(
    { length: EVENT_PACKETS + 25 },
    (_, i) => ({ t: 103 + i / 1000, src: "10.0.0.9", dst: "10.0.0.1" }),
  );
  server.feed(burst);
  const d = JSON.parse(t.advance()!);
  assert.equal(d.packets.length, EVENT_PACKETS);
  assert.equal(d.packets[0].seq, 5 + EVENT_PACKETS + 25);
  assert.equal(d.packetsSkipped, 25);
});

Deno.test("a snapshot plus every delta equals the snapshot taken at the end", () => {
  const { server, t } = tracker();
  const state = JSON.parse(t.snapshot());
  for (let i = 0; i < 5; i++) {
    server.feed([
      {
        t: 103 + i,
        src: "10.0.0.1",
        dst: "10.0.0.4",
        proto: "tcp",
        sport: 6000 + i,
        dport: 443,
        len: 60 + i,
      },
      { t: 103.5 + i, src: "2001:db8::2", dst: "2001:db8::1", proto: "icmpv6", len: 70 },
    ]);
    if (i === 3) server.status = { ...server.status, state: "ended", endReason: "eof" };
    const d = t.advance();
    if (d !== null) apply(state, JSON.parse(d));
  }
  const end = JSON.parse(t.snapshot());
  assert.deepEqual(state.stats, end.stats);
  assert.deepEqual(state.flows, end.flows);
  assert.deepEqual(state.packets, end.packets);
  assert.deepEqual(state.series, end.series);
  assert.equal(state.seq, end.seq);
});

Deno.test("DeltaTracker.reset() forgets the baseline so the next snapshot starts afresh", () => {
  const { server, t } = tracker();
  t.snapshot();
  t.reset();
  assert.equal(t.started, false);
  server.feed([{ t: 104, src: "10.0.0.1", dst: "10.0.0.2" }]);
  assert.equal(JSON.parse(t.snapshot()).stats.packets, 6);
});

function series(startMs: number, values: number[]): SeriesData {
  const fam = () => ({
    total: [...values],
    tcp: [...values],
    udp: [...values],
    icmp: [...values],
    "other-ip": [...values],
    "non-ip": [...values],
  });
  return { resolutionMs: 1000, startMs, buckets: values.length, pps: fam(), bps: fam(), late: 0 };
}

Deno.test("seriesSince() keeps the previous newest bucket and everything after it", () => {
  const before = series(10_000, [1, 2, 3]); // newest bucket starts at 12 000
  const now = series(11_000, [2, 4, 5, 6]); // 11 000 .. 14 000
  const d = seriesSince(now, before);
  assert.equal(d.startMs, 12_000);
  assert.equal(d.buckets, 3);
  assert.deepEqual(d.pps.total, [4, 5, 6]);
  assert.deepEqual(d.bps["non-ip"], [4, 5, 6]);
});

Deno.test("seriesSince() sends the whole window after a jump longer than it", () => {
  const d = seriesSince(series(100_000, [1, 2]), series(10_000, [9]));
  assert.equal(d.startMs, 100_000);
  assert.equal(d.buckets, 2);
});
