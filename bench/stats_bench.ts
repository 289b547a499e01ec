/**
 * Micro-benchmarks of the statistics engine: `StatsEngine.ingest()` and each structure it feeds,
 * one packet per iteration, cycling through a pool of synthetic frames decoded once (see
 * `frame_pool.ts`), so each figure is the cost of counting one typical packet there.
 *
 *   deno bench --allow-read bench/stats_bench.ts
 *
 * Hits run on tables that already hold every pool flow and host; "new flow" runs a small table
 * with a fresh key per iteration, so every packet creates a flow and evicts the coldest.
 */
import { decodeFrame } from "../capture/decode/decoder.ts";
import { DecodedPacket, L3 } from "../capture/decode/packet.ts";
import { ConversationCounter } from "../stats/conversation_counter.ts";
import { StatsEngine } from "../stats/engine.ts";
import { FlowTable } from "../stats/flow_table.ts";
import { hashWords } from "../capture/key_hash.ts";
import { HostTable } from "../stats/host_table.ts";
import { FLOW_KEY_WORDS, HOST_KEY_WORDS, PacketKeys } from "../capture/packet_keys.ts";
import { PortTable } from "../stats/port_table.ts";
import { Family, RateSeries, SECOND_SLOTS } from "../stats/rate_series.ts";
import { RecentPackets } from "../stats/recent_packets.ts";
import { framePool } from "./frame_pool.ts";

const DLT_EN10MB = 1;
const SEED = 7;
const POOL_SEED = 9;
/** Small enough that a fresh key per packet evicts on every insert. */
const CHURN_FLOW_CAP = 1024;

/** A pool's frames decoded once, with their keys and hashes, so benchmarks time only counting. */
interface Decoded {
  packet: DecodedPacket;
  ip: boolean;
  flow: Uint32Array;
  flowHash: number;
  srcIsLow: boolean;
  src: Uint32Array;
  srcHash: number;
}

function decodePool(): Decoded[] {
  const pool = framePool({ seed: POOL_SEED });
  const keys = new PacketKeys();
  const out: Decoded[] = [];
  for (let i = 0; i < pool.count; i++) {
    const packet = new DecodedPacket();
    const length = pool.lengths[i]!;
    decodeFrame(DLT_EN10MB, pool.data, pool.offsets[i]!, length, length, packet);
    packet.tsSec = pool.tsSec[i]!;
    packet.tsNsec = pool.tsNsec[i]!;
    const ip = (packet.l3 === L3.ipv4 || packet.l3 === L3.ipv6) && keys.load(packet);
    const ports = packet.srcPort >= 0 && packet.dstPort >= 0;
    if (ip) keys.buildFlow(packet.ipProto, ports, packet.srcPort, packet.dstPort);
    const flow = keys.flow.slice();
    const src = keys.srcHost.slice();
    out.push({
      packet,
      ip,
      flow,
      flowHash: hashWords(flow, FLOW_KEY_WORDS, SEED),
      srcIsLow: keys.srcIsLow,
      src,
      srcHash: hashWords(src, HOST_KEY_WORDS, SEED),
    });
  }
  return out;
}

const all = decodePool();
const ipOnly = all.filter((d) => d.ip);
const withPorts = ipOnly.filter((d) => d.packet.srcPort >= 0 && d.packet.dstPort >= 0);

/** A benchmark body cycling through `items`. */
function cycle<T>(items: T[], body: (item: T, i: number) => void): () => void {
  let i = 0;
  return () => {
    body(items[i % items.length]!, i);
    i++;
  };
}

// The engine reads one reused packet, as in the pipeline (its key views are built once per
// packet object), so these two decode each frame into it: the difference is ingest().
const pool = framePool({ seed: POOL_SEED });
const reused = new DecodedPacket();
function decodeInto(i: number): DecodedPacket {
  const at = i % pool.count;
  const length = pool.lengths[at]!;
  decodeFrame(DLT_EN10MB, pool.data, pool.offsets[at]!, length, length, reused);
  reused.tsSec = pool.tsSec[at]!;
  reused.tsNsec = pool.tsNsec[at]!;
  return reused;
}
const engine = new StatsEngine({ clock: "packet", hashSeed: SEED });
for (let i = 0; i < pool.count; i++) engine.ingest(decodeInto(i));
let frame = 0;
Deno.bench({
  name: "decodeFrame() alone, default mix",
  group: "engine",
  baseline: true,
  fn: () => void decodeInto(frame++),
});
Deno.bench({
  name: "decodeFrame() + StatsEngine.ingest(), default mix",
  group: "engine",
  fn: () => engine.ingest(decodeInto(frame++)),
});

const flows = new FlowTable();
for (const d of ipOnly) flows.update(d.flow, d.flowHash, d.srcIsLow, d.packet);
Deno.bench({
  name: "FlowTable.update() known flow",
  group: "flows",
  baseline: true,
  fn: cycle(ipOnly, (d) => flows.update(d.flow, d.flowHash, d.srcIsLow, d.packet)),
});

const churn = new FlowTable({ capacity: CHURN_FLOW_CAP });
const fresh = new Uint32Array(FLOW_KEY_WORDS);
Deno.bench({
  name: "FlowTable.update() new flow evicting the coldest",
  group: "flows",
  fn: cycle(ipOnly, (d, i) => {
    fresh.set(d.flow);
    fresh[FLOW_KEY_WORDS - 1] = i; // a port pair never seen before
    churn.update(fresh, hashWords(fresh, FLOW_KEY_WORDS, SEED), d.srcIsLow, d.packet);
  }),
});

const hosts = new HostTable();
for (const d of ipOnly) hosts.count(d.src, d.srcHash, 0, d.packet.wireLen);
Deno.bench({
  name: "HostTable.count() known host",
  group: "hosts",
  baseline: true,
  fn: cycle(ipOnly, (d) => hosts.count(d.src, d.srcHash, 0, d.packet.wireLen)),
});
const hostIds = ipOnly.map((d) => hosts.count(d.src, d.srcHash, 0, 0));
Deno.bench({
  name: "HostTable.countId() host id cached by its flow",
  group: "hosts",
  fn: cycle(hostIds, (id, i) => hosts.countId(id, i & 1, 60)),
});

const ports = new PortTable();
Deno.bench({
  name: "PortTable.add()",
  group: "small",
  fn: cycle(withPorts, (d) => ports.add(d.packet.ipProto, d.packet.srcPort, d.packet.dstPort, 60)),
});

const series = new RateSeries(SECOND_SLOTS, 1000);
Deno.bench({
  name: "RateSeries.add() 1 s buckets",
  group: "small",
  fn: cycle(all, (d) => series.add(d.packet.tsSec, Family.tcp, d.packet.wireLen)),
});

const conversations = new ConversationCounter(undefined, SEED);
for (const d of withPorts) conversations.add(d.flow, d.flowHash);
Deno.bench({
  name: "ConversationCounter.add() known conversation",
  group: "small",
  fn: cycle(withPorts, (d) => conversations.add(d.flow, d.flowHash)),
});

const recent = new RecentPackets();
Deno.bench({
  name: "RecentPackets.push()",
  group: "small",
  fn: cycle(all, (d, i) => recent.push(d.packet, i)),
});
