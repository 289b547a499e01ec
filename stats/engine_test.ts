import assert from "node:assert/strict";
import { DecodedPacket, DecodeError, L3, TcpFlag } from "../capture/decode/packet.ts";
import { fillPacket, type PacketSpec } from "./_test_packet.ts";
import { StatsEngine } from "./engine.ts";
import type { StatsOptions } from "./options.ts";

function engineWith(specs: PacketSpec[], options: StatsOptions = {}): StatsEngine {
  const e = new StatsEngine({ hashSeed: 1, ...options });
  const p = new DecodedPacket();
  for (const s of specs) e.ingest(fillPacket(p, s));
  return e;
}

Deno.test("snapshot() carries the oracle fields with the corpus's semantics", () => {
  const e = engineWith([
    { t: 10, src: "10.0.0.1", dst: "10.0.0.2", proto: "tcp", sport: 4000, dport: 80, len: 100 },
    { t: 10.5, src: "10.0.0.2", dst: "10.0.0.1", proto: "tcp", sport: 80, dport: 4000, len: 200 },
    { t: 11, src: "10.0.0.1", dst: "10.0.0.3", proto: "udp", sport: 4001, dport: 53, len: 80 },
    { t: 11, src: "10.0.0.1", dst: "10.0.0.3", proto: "udp", fragOffset: 1480, len: 60 },
    { t: 12, src: "2001:db8::1", dst: "2001:db8::2", proto: "icmpv6", len: 70 },
    { t: 12, src: "10.0.0.9", dst: "10.0.0.1", proto: 47, len: 50 },
    // ARP carries IPv4 addresses but is never a "source" in the oracle's sense.
    { t: 13, l3: L3.arp, src: "10.0.0.7", dst: "10.0.0.1", len: 42 },
    { t: 13, l3: L3.arp, src: "10.0.0.7", dst: "10.0.0.1", len: 42 },
    { t: 13, l3: L3.arp, src: "10.0.0.7", dst: "10.0.0.1", len: 42 },
    { t: 13.25, l3: L3.other, etherType: 0x88cc, len: 60 },
  ]);
  e.setMeta({ linkType: "EN10MB", source: "x.pcap", sourceKind: "file" });
  const s = e.snapshot();
  assert.equal(s.linkType, "EN10MB");
  assert.equal(s.packets, 10);
  assert.equal(s.bytes, 746);
  assert.deepEqual(s.protocols, {
    ipv4: 5,
    ipv6: 1,
    arp: 3,
    tcp: 2,
    udp: 2,
    icmp: 0,
    icmpv6: 1,
    other: 1,
  });
  assert.deepEqual(s.outerL3, { ipv4: 5, ipv6: 1, arp: 3, other: 1 });
  assert.deepEqual(s.outerL4, { tcp: 2, udp: 2, icmp: 0, icmpv6: 1, other: 1 });
  // Exactly the corpus's top_src_ips entries: an external checker compares with deepEqual.
  assert.deepEqual(s.topSources, [
    { ip: "10.0.0.1", packets: 3, bytes: 240 },
    { ip: "10.0.0.2", packets: 1, bytes: 200 },
    { ip: "2001:db8::1", packets: 1, bytes: 70 },
    { ip: "10.0.0.9", packets: 1, bytes: 50 },
  ]);
  assert.deepEqual([s.talkers.sources[0]?.txPackets, s.talkers.sources[0]?.rxPackets], [3, 2]);
  assert.deepEqual(s.topDestinations[0], { ip: "10.0.0.1", packets: 2, bytes: 250 });
  assert.deepEqual(s.conversations, { tcp: 1, udp: 1 });
  assert.equal(s.conversationsExact, true);
  assert.deepEqual([s.minTs, s.maxTs, s.duration, s.durationMs], [
    "10.000000000",
    "13.250000000",
    "3.250000000",
    3250,
  ]);
  assert.equal(JSON.parse(JSON.stringify(s)).packets, 10);
});

Deno.test("snapshot() counts truncation, decode errors by reason, drops and meta", () => {
  const e = engineWith([
    { t: 1, src: "10.0.0.1", dst: "10.0.0.2", len: 1500, caplen: 96 },
    { t: 2, l3: L3.none, error: DecodeError.truncatedLink },
    { t: 3, l3: L3.none, error: DecodeError.truncatedLink },
    { t: 4, src: "10.0.0.1", dst: "10.0.0.2", error: DecodeError.truncatedTransport },
  ]);
  e.setCaptureDrops({ kernel: 5, ifdrop: 1, backlog: 2 });
  e.setMeta({ filter: "udp", snaplen: 96, started: 1234 });
  const s = e.snapshot();
  assert.equal(s.truncated, 1);
  assert.equal(s.bytesCaptured, 96 + 60 * 3);
  assert.equal(s.decodeErrors.total, 3);
  assert.equal(s.decodeErrors.byReason["truncated link header"], 2);
  assert.equal(s.decodeErrors.byReason["truncated transport header"], 1);
  assert.equal(s.decodeErrors.byReason["bad VLAN tag"], 0);
  assert.deepEqual(s.drops, { kernel: 5, ifdrop: 1, backlog: 2 });
  assert.deepEqual([s.meta.filter, s.meta.snaplen, s.startedMs], ["udp", 96, 1234]);
});

Deno.test("packet clock: series fill gaps with zeros and take late packets in their bucket", () => {
  const e = engineWith([
    { t: 100.1, src: "10.0.0.1", dst: "10.0.0.2", proto: "tcp", len: 100 },
    { t: 104.9, src: "10.0.0.1", dst: "10.0.0.2", proto: "udp", len: 100 },
    { t: 102.5, src: "10.0.0.1", dst: "10.0.0.2", proto: "udp", len: 100 }, // out of order
    { t: 100 - 4000, src: "10.0.0.1", dst: "10.0.0.2", len: 100 }, // older than the 1 h ring
  ]);
  const d = e.series("5s");
  assert.equal(d.startMs, 100_000);
  assert.deepEqual(d.pps.total, [1, 0, 1, 0, 1]);
  assert.deepEqual(d.pps.tcp, [1, 0, 0, 0, 0]);
  assert.deepEqual(d.bps.udp, [0, 0, 800, 0, 800]);
  const s = e.snapshot();
  assert.equal(s.seriesLate, 1);
  assert.equal(s.timeOrdered, false);
  assert.equal(s.packets, 4);
  assert.equal(e.series("24h").pps.total.reduce((a, b) => a + b, 0) * 60, 3);
});

Deno.test("packet clock: peak and current rates come from the 1 s buckets", () => {
  const specs: PacketSpec[] = [];
  for (let i = 0; i < 7; i++) specs.push({ t: 50.5, src: "10.0.0.1", dst: "10.0.0.2", len: 1000 });
  for (let i = 0; i < 3; i++) specs.push({ t: 51.5, src: "10.0.0.1", dst: "10.0.0.2", len: 1000 });
  specs.push({ t: 52.5, src: "10.0.0.1", dst: "10.0.0.2", len: 1000 });
  const r = engineWith(specs).snapshot().rates;
  assert.deepEqual([r.pps, r.bps, r.peakPps, r.peakBps], [3, 24_000, 7, 56_000]);
  assert.equal(r.avgPps, 11 / 2);
});

Deno.test("wall clock: buckets follow elapsed monotonic time over 3 simulated hours of jittery ticks", () => {
  let mono = 5_000;
  const epoch0 = 1_700_000_000_000;
  const e = new StatsEngine({
    clock: "wall",
    now: () => mono,
    epochNow: () => epoch0 + (mono - 5_000),
    hashSeed: 1,
  });
  const p = fillPacket(new DecodedPacket(), { src: "10.0.0.1", dst: "10.0.0.2", len: 100 });
  const expected = new Map<number, number>();
  let seed = 42;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  let ticks = 0;
  let total = 0;
  while (mono - 5_000 < 3 * 3600_000) {
    // A timer asked for 1000 ms fires 0-400 ms late, and now and then misses a beat entirely.
    mono += 1000 + Math.floor(rand() * 400) + (rand() < 0.02 ? 2500 : 0);
    e.tick();
    ticks++;
    const bucket = Math.floor((mono - 5_000) / 1000);
    const n = 1 + Math.floor(rand() * 5);
    for (let i = 0; i < n; i++) e.ingest(p);
    expected.set(bucket, (expected.get(bucket) ?? 0) + n);
    total += n;
  }
  const head = Math.floor((mono - 5_000) / 1000);
  assert.ok(ticks < head - 1000, `ticks ${ticks} must lag elapsed seconds ${head}`);
  const d = e.series("1h");
  assert.equal(d.buckets, 3600);
  assert.equal(d.startMs, epoch0 + (head - 3599) * 1000);
  d.pps.total.forEach((v, i) => assert.equal(v, expected.get(head - 3599 + i) ?? 0, `bucket ${i}`));
  const perMinute = e.series("24h").pps.total.reduce((a, b) => a + b, 0) * 60;
  assert.equal(Math.round(perMinute), total);
  assert.equal(e.snapshot().packets, total);
});

Deno.test("wall clock: flows expire on ticks even when no packet arrives", () => {
  let mono = 0;
  const e = new StatsEngine({ clock: "wall", now: () => mono, flowIdleTimeoutMs: 5_000 });
  e.ingest(fillPacket(new DecodedPacket(), { src: "10.0.0.1", dst: "10.0.0.2" }));
  for (let i = 0; i < 5; i++) {
    mono += 1000;
    e.tick();
  }
  assert.equal(e.flows().total, 1, "kept up to the idle timeout");
  for (let i = 0; i < 1; i++) {
    mono += 1000;
    e.tick();
  }
  assert.equal(e.flows().total, 0);
  assert.equal(e.snapshot().flows.evicted.idle, 1);
});

Deno.test("flows(), packets(), hosts() and ports() answer the API's queries", () => {
  const e = engineWith([
    { t: 1, src: "10.0.0.1", dst: "8.8.8.8", proto: "udp", sport: 5353, dport: 53, len: 80 },
    { t: 1, src: "8.8.8.8", dst: "10.0.0.1", proto: "udp", sport: 53, dport: 5353, len: 120 },
    {
      t: 2,
      src: "10.0.0.1",
      dst: "1.1.1.1",
      proto: "tcp",
      sport: 40000,
      dport: 443,
      flags: TcpFlag.syn,
    },
  ]);
  const flows = e.flows({ sort: "bytes" });
  assert.equal(flows.total, 2);
  assert.equal(flows.flows[0]?.service, "dns");
  assert.equal(flows.flows[1]?.state, "syn-sent");
  assert.deepEqual(e.packets({ protocol: "udp" }).map((r) => r.seq), [2, 1]);
  assert.deepEqual(e.hosts("rx-bytes", 1).map((r) => r.ip), ["10.0.0.1"]);
  assert.deepEqual(e.ports().map((r) => `${r.protocol}/${r.port}`), ["udp/53", "tcp/443"]);
  assert.throws(() => e.flows({ sort: "nope" as "bytes" }), RangeError);
  assert.throws(() => e.series("forever"), RangeError);
});

Deno.test("StatsEngine rejects bounds that cannot work", () => {
  assert.throws(() => new StatsEngine({ flowCap: 0 }), RangeError);
  assert.throws(() => new StatsEngine({ hostCap: 1.5 }), RangeError);
  assert.throws(() => new StatsEngine({ recentPackets: -1 }), RangeError);
  assert.throws(() => new StatsEngine({ flowIdleTimeoutMs: 0 }), RangeError);
  assert.throws(() => new StatsEngine({ clock: "sundial" as "wall" }), RangeError);
});

Deno.test("snapshot() cuts every top list at topN and counts every distinct source", () => {
  const specs: PacketSpec[] = [];
  for (let i = 0; i < 25; i++) {
    for (let k = 0; k <= i; k++) {
      specs.push({ t: 1, src: `10.0.0.${i}`, dst: "10.9.9.9", dport: 1000 + i });
    }
  }
  const s = engineWith(specs, { topN: 10 }).snapshot();
  assert.equal(s.topSources.length, 10);
  assert.equal(s.topSources[0]?.ip, "10.0.0.24");
  assert.equal(s.topSources[9]?.ip, "10.0.0.15");
  assert.equal(s.topDestinations.length, 1);
  assert.equal(s.topPorts.length, 10);
  assert.equal(s.distinctSources, 25);
  assert.equal(s.hosts.evicted, 0);
});

Deno.test("packet clock: tick() leaves packet time alone", () => {
  const e = engineWith([{ t: 500.5, src: "10.0.0.1", dst: "10.0.0.2" }], {
    now: () => 9e12,
  });
  e.tick();
  assert.equal(e.series("2s").startMs, 499_000);
  assert.equal(e.flows().total, 1);
});

Deno.test("ingest() with `following` skips only recent-list copies that later packets overwrite", () => {
  const specs: PacketSpec[] = [];
  for (let i = 0; i < 2500; i++) {
    specs.push({
      t: 100 + i / 1000,
      src: "10.0.0.1",
      dst: `10.0.${i % 7}.2`,
      proto: "udp",
      sport: 4000 + i,
      dport: 53,
      len: 60 + (i % 50),
    });
  }
  const plain = engineWith(specs, { recentPackets: 1000 });
  const told = new StatsEngine({ hashSeed: 1, recentPackets: 1000 });
  const p = new DecodedPacket();
  // Two drain chunks: 1,800 packets, then 700 (fewer than the list holds).
  specs.forEach((s, i) => told.ingest(fillPacket(p, s), undefined, i < 1800 ? 1799 - i : 2499 - i));
  assert.deepEqual(told.packets(), plain.packets());
  assert.equal(told.packets().length, 1000);
  assert.equal(told.packets()[999]!.seq, 1501);
  assert.deepEqual(told.snapshot().recentPackets, plain.snapshot().recentPackets);
});

Deno.test("packet clock: a packet in the last millisecond of a second keeps its exact buckets", () => {
  const e = engineWith([
    { t: 1_700_000_059.5, src: "10.0.0.1", dst: "10.0.0.2", len: 100 },
    { t: 1_700_000_059.9995, src: "10.0.0.1", dst: "10.0.0.2", len: 200 },
    { t: 1_700_000_060.25, src: "10.0.0.1", dst: "10.0.0.2", len: 400 },
  ]);
  const s = e.series("90s");
  const last = s.buckets - 1;
  // 1_700_000_059.9995 s in ms rounds within its own second, so it stays in second ...059.
  assert.equal(s.bps.total[last - 1], 300 * 8);
  assert.equal(s.bps.total[last], 400 * 8);
});
