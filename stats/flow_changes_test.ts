import assert from "node:assert/strict";
import { DecodedPacket } from "../capture/decode/packet.ts";
import { fillPacket, type PacketSpec } from "./_test_packet.ts";
import { StatsEngine } from "./engine.ts";
import { FlowChanges } from "./flow_changes.ts";
import { FlowTable } from "./flow_table.ts";
import { hashWords } from "../capture/key_hash.ts";
import { type HostRank, HostTable } from "./host_table.ts";
import { FLOW_KEY_WORDS, HOST_KEY_WORDS, PacketKeys } from "../capture/packet_keys.ts";

const RANKS: HostRank[] = ["tx-packets", "rx-packets", "tx-bytes", "rx-bytes"];
const SEED = 7;

/** A seeded linear congruential generator (Numerical Recipes constants): floats in [0, 1). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 0x1_0000_0000;
}

/** Random TCP/UDP traffic among `hosts` addresses over `seconds` seconds. */
function traffic(count: number, hosts: number, seconds: number, seed: number): PacketSpec[] {
  const rnd = lcg(seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  const out: PacketSpec[] = [];
  for (let i = 0; i < count; i++) {
    const a = pick(hosts), b = (a + 1 + pick(hosts - 1)) % hosts;
    out.push({
      t: 100 + (i / count) * seconds,
      src: `10.0.${a >> 8}.${a & 0xff}`,
      dst: `10.0.${b >> 8}.${b & 0xff}`,
      proto: rnd() < 0.5 ? "tcp" : "udp",
      sport: 1000 + pick(4),
      dport: 80 + pick(3),
      len: 60 + pick(1400),
    });
  }
  return out;
}

/** What the hosts must show: every packet counted on its own, source then destination. */
function referenceHosts(specs: PacketSpec[], cap: number): HostTable {
  const t = new HostTable(cap);
  const keys = new PacketKeys();
  const p = new DecodedPacket();
  for (const s of specs) {
    fillPacket(p, s);
    keys.load(p);
    t.setSecond(p.tsSec);
    t.count(keys.srcHost, hashWords(keys.srcHost, HOST_KEY_WORDS, SEED), 0, p.wireLen);
    t.count(keys.dstHost, hashWords(keys.dstHost, HOST_KEY_WORDS, SEED), 1, p.wireLen);
  }
  return t;
}

function assertSameHosts(specs: PacketSpec[], hostCap: number, flowCap: number): void {
  const e = new StatsEngine({ clock: "packet", hashSeed: SEED, hostCap, flowCap });
  const p = new DecodedPacket();
  for (const s of specs) e.ingest(fillPacket(p, s));
  const ref = referenceHosts(specs, hostCap);
  const now = Math.floor((specs.at(-1)?.t ?? 0) + 1);
  e.advanceClock(now * 1000);
  for (const rank of RANKS) assert.deepEqual(e.hosts(rank, hostCap), ref.top(rank, hostCap, now));
  assert.deepEqual(e.snapshot().hosts, ref.stats());
}

Deno.test("StatsEngine hosts credited from their flows equal counting every packet", () => {
  assertSameHosts(traffic(5000, 40, 30, 1), 1024, 4096);
});

Deno.test("StatsEngine hosts stay exact when the flow table evicts flows with traffic owed", () => {
  // 8 flows for ~1,000 distinct ones: most packets evict a flow whose hosts are not yet credited.
  assertSameHosts(traffic(5000, 40, 3, 2), 1024, 8);
});

Deno.test("StatsEngine hosts evict exactly as per-packet counting when the host table fills", () => {
  const specs = traffic(5000, 200, 20, 3);
  assertSameHosts(specs, 64, 4096);
  assertSameHosts(specs, 64, 16);
});

Deno.test("StatsEngine hosts read mid-second include that second's packets so far", () => {
  const specs = traffic(300, 10, 1, 4);
  const e = new StatsEngine({ clock: "packet", hashSeed: SEED });
  const p = new DecodedPacket();
  for (const s of specs.slice(0, 100)) e.ingest(fillPacket(p, s));
  const early = e.hosts("tx-packets", 100).reduce((n, r) => n + r.txPackets, 0);
  for (const s of specs.slice(100)) e.ingest(fillPacket(p, s));
  const late = e.hosts("tx-packets", 100).reduce((n, r) => n + r.txPackets, 0);
  assert.deepEqual([early, late], [100, 300]);
});

Deno.test("FlowTable.foldHosts() credits each direction's packets to sender and receiver", () => {
  const hosts = new HostTable(8);
  const table = new FlowTable({ hosts });
  table.deferHosts = true;
  const keys = new PacketKeys();
  const p = new DecodedPacket();
  const send = (spec: PacketSpec) => {
    fillPacket(p, spec);
    keys.load(p);
    keys.buildFlow(p.ipProto, true, p.srcPort, p.dstPort);
    const id = table.update(keys.flow, hashWords(keys.flow, FLOW_KEY_WORDS, 1), keys.srcIsLow, p);
    const src = hosts.resolve(keys.srcHost, hashWords(keys.srcHost, HOST_KEY_WORDS, 1));
    const dst = hosts.resolve(keys.dstHost, hashWords(keys.dstHost, HOST_KEY_WORDS, 1));
    table.setHost(id, keys.srcIsLow ? 0 : 1, src, 0);
    table.setHost(id, keys.srcIsLow ? 1 : 0, dst, 0);
  };
  const out = { src: "10.0.0.9", dst: "10.0.0.1", proto: "udp", sport: 5000, dport: 53 } as const;
  const back = { src: "10.0.0.1", dst: "10.0.0.9", proto: "udp", sport: 53, dport: 5000 } as const;
  send({ ...out, t: 1, len: 100 });
  send({ ...back, t: 1, len: 300 });
  send({ ...out, t: 1, len: 50 });
  assert.deepEqual(hosts.top("tx-packets", 2, 2), [], "nothing is credited before the fold");
  table.foldHosts();
  const rows = hosts.top("tx-packets", 2, 2).map((r) => [r.ip, r.txPackets, r.txBytes, r.rxBytes]);
  assert.deepEqual(rows, [["10.0.0.9", 2, 150, 300], ["10.0.0.1", 1, 300, 150]]);
  table.foldHosts();
  assert.equal(hosts.top("tx-packets", 1, 2)[0]?.txPackets, 2, "a second fold adds nothing");
});

Deno.test("FlowChanges hands out entries in order and forgets them on clear()", () => {
  const c = new FlowChanges(4);
  const rec = new Float64Array([0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual([c.push(9, rec, 0, 2), c.push(3, rec, 2, 6)], [0, 1]);
  assert.deepEqual([c.count, c.ids[1], ...c.base.subarray(4, 8)], [2, 3, 2, 3, 6, 7]);
  c.clear();
  assert.equal(c.count, 0);
});
