import assert from "node:assert/strict";
import { TcpFlag } from "../capture/decode/packet.ts";
import { fillPacket, type PacketSpec } from "./_test_packet.ts";
import { DecodedPacket } from "../capture/decode/packet.ts";
import {
  FLOW_QUERY_DEFAULT_LIMIT,
  FLOW_QUERY_MAX_LIMIT,
  flowRecord,
  queryFlows,
} from "./flow_query.ts";
import { FlowTable, type FlowTableOptions } from "./flow_table.ts";
import { hashWords } from "../capture/key_hash.ts";
import { FLOW_KEY_WORDS, PacketKeys } from "../capture/packet_keys.ts";

/** Feeds packets into a table the way the engine does; time is the packet's own second. */
class Harness {
  readonly table: FlowTable;
  readonly keys = new PacketKeys();
  readonly p = new DecodedPacket();
  constructor(options: FlowTableOptions = {}) {
    this.table = new FlowTable(options);
  }
  send(spec: PacketSpec): number {
    const p = fillPacket(this.p, spec);
    this.keys.load(p);
    this.keys.buildFlow(p.ipProto, p.srcPort >= 0, p.srcPort, p.dstPort);
    const h = hashWords(this.keys.flow, FLOW_KEY_WORDS, 3);
    this.table.advanceClock(p.tsSec * 1000 + p.tsNsec / 1e6, p.tsSec);
    return this.table.update(this.keys.flow, h, this.keys.srcIsLow, p);
  }
}

const CLIENT = { src: "10.0.0.2", dst: "10.0.0.1", sport: 40000, dport: 80, proto: "tcp" } as const;
const SERVER = { src: "10.0.0.1", dst: "10.0.0.2", sport: 80, dport: 40000, proto: "tcp" } as const;

Deno.test("FlowTable counts both directions of a TCP conversation under one flow", () => {
  const h = new Harness();
  h.send({ ...CLIENT, t: 1, len: 74, flags: TcpFlag.syn });
  h.send({ ...SERVER, t: 1.5, len: 74, flags: TcpFlag.syn | TcpFlag.ack });
  const id = h.send({ ...CLIENT, t: 3, len: 66, flags: TcpFlag.ack });
  assert.equal(h.table.size, 1);
  const r = flowRecord(h.table, id, 4);
  assert.deepEqual(
    [r.aIp, r.aPort, r.bIp, r.bPort, r.protocol, r.service, r.state, r.tcpFlags],
    ["10.0.0.2", 40000, "10.0.0.1", 80, "tcp", "http", "established", "SYN,ACK"],
  );
  assert.deepEqual([r.aToBPackets, r.aToBBytes, r.bToAPackets, r.bToABytes], [2, 140, 1, 74]);
  assert.deepEqual([r.firstSeenMs, r.lastSeenMs, r.durationMs], [1000, 3000, 2000]);
  assert.deepEqual(r.aToBBps, [66 * 8 / 2, 140 * 8 / 10, 140 * 8 / 40]);
});

Deno.test("FlowTable direction A is the first packet's source even when it is the high side", () => {
  const h = new Harness();
  const id = h.send({ ...SERVER, t: 1 });
  h.send({ ...CLIENT, t: 2 });
  const r = flowRecord(h.table, id, 3);
  assert.equal(r.aIp, "10.0.0.1");
  assert.equal(r.aPort, 80);
  assert.equal(r.state, "established");
});

Deno.test("FlowTable keys other IP protocols by address pair and protocol only", () => {
  const h = new Harness();
  const a = h.send({ src: "10.0.0.1", dst: "10.0.0.2", proto: "icmp", icmpType: 8 });
  const b = h.send({ src: "10.0.0.2", dst: "10.0.0.1", proto: "icmp", icmpType: 0 });
  const c = h.send({ src: "10.0.0.2", dst: "10.0.0.1", proto: 47 });
  assert.equal(a, b);
  assert.notEqual(a, c);
  const r = flowRecord(h.table, a, 1);
  assert.deepEqual([r.aPort, r.bPort, r.state, r.protocol], [null, null, null, "icmp"]);
  assert.equal(flowRecord(h.table, c, 1).protocol, "gre");
});

Deno.test("FlowTable stays at its cap and evicts the least recently seen flow", () => {
  const h = new Harness({ capacity: 4 });
  for (let i = 0; i < 4; i++) h.send({ src: "10.0.0.1", dst: "10.0.0.2", sport: 1000 + i, t: 1 });
  h.send({ src: "10.0.0.1", dst: "10.0.0.2", sport: 1000, t: 2 }); // 1000 is hot again
  h.send({ src: "10.0.0.1", dst: "10.0.0.2", sport: 2000, t: 3 }); // evicts 1001, the coldest
  assert.equal(h.table.size, 4);
  assert.equal(h.table.evictions().capacity, 1);
  const ports = queryFlows(h.table, {}, 4).flows.map((f) => f.aPort).sort();
  assert.deepEqual(ports, [1000, 1002, 1003, 2000]);
  for (let i = 0; i < 1000; i++) {
    h.send({ src: "10.0.0.1", dst: "10.0.0.2", sport: 3000 + i, t: 4 });
  }
  assert.equal(h.table.size, 4);
  assert.equal(h.table.evictions().capacity, 1001);
  assert.equal(h.table.created, 1005);
});

Deno.test("FlowTable.advanceClock() closes flows idle past the timeout, counting them as idle", () => {
  const h = new Harness({ idleTimeoutMs: 10_000 });
  h.send({ src: "10.0.0.1", dst: "10.0.0.2", sport: 1, t: 0 });
  h.send({ src: "10.0.0.1", dst: "10.0.0.2", sport: 2, t: 5 });
  h.table.advanceClock(10_000, 10); // exactly at the timeout: kept
  assert.equal(h.table.size, 2);
  h.table.advanceClock(10_001, 10);
  assert.equal(h.table.size, 1);
  h.table.advanceClock(15_001, 15);
  assert.equal(h.table.size, 0);
  assert.equal(h.table.evictions().idle, 2);
});

Deno.test("FlowTable.advanceClock() closes an idle flow queued behind a busier one of its second", () => {
  const h = new Harness({ idleTimeoutMs: 10_000 });
  h.send({ src: "10.0.0.1", dst: "10.0.0.2", sport: 1, t: 0 }); // queued at 0 ms
  h.send({ src: "10.0.0.1", dst: "10.0.0.2", sport: 2, t: 0.5 }); // queued at 500 ms
  h.send({ src: "10.0.0.1", dst: "10.0.0.2", sport: 1, t: 0.9 }); // same second: keeps its place
  h.table.advanceClock(10_600, 10); // sport 1 last seen 9.7 s ago, sport 2 10.1 s ago
  assert.equal(h.table.evictions().idle, 1);
  assert.deepEqual(queryFlows(h.table, {}, 11).flows.map((f) => f.aPort), [1]);
});

Deno.test("FlowTable evicts, of the flows last active in the oldest second, the first to be", () => {
  // Recency has one-second resolution: within a second, flows keep the order of their first
  // packet in it.
  const h = new Harness({ capacity: 3 });
  for (const sport of [1, 2, 3]) h.send({ src: "10.0.0.1", dst: "10.0.0.2", sport, t: 1 });
  h.send({ src: "10.0.0.1", dst: "10.0.0.2", sport: 1, t: 1.5 }); // still queued first in second 1
  h.send({ src: "10.0.0.1", dst: "10.0.0.2", sport: 2, t: 2 }); // active in second 2
  h.send({ src: "10.0.0.1", dst: "10.0.0.2", sport: 9, t: 3 });
  const ports = queryFlows(h.table, {}, 4).flows.map((f) => f.aPort).sort();
  assert.deepEqual(ports, [2, 3, 9]);
});

Deno.test("FlowTable.advanceClock() restarts a busy flow past the active timeout", () => {
  const h = new Harness({ activeTimeoutMs: 60_000 });
  let id = -1;
  for (let t = 0; t <= 61; t++) id = h.send({ ...CLIENT, t });
  assert.equal(h.table.evictions().active, 1);
  assert.equal(h.table.size, 1);
  const r = flowRecord(h.table, id, 62);
  assert.equal(r.firstSeenMs, 61_000);
  assert.equal(r.packets, 1);
});

Deno.test("FlowTable starts a new flow when a SYN reuses a closed port pair", () => {
  const h = new Harness();
  h.send({ ...CLIENT, t: 1, flags: TcpFlag.syn });
  h.send({ ...SERVER, t: 1, flags: TcpFlag.rst | TcpFlag.ack });
  const id = h.send({ ...CLIENT, t: 2, flags: TcpFlag.syn });
  assert.equal(h.table.evictions().reopened, 1);
  assert.equal(flowRecord(h.table, id, 3).state, "syn-sent");
  assert.equal(flowRecord(h.table, id, 3).packets, 1);
});

Deno.test("queryFlows() filters by ip, port and protocol, sorts and pages", () => {
  const h = new Harness();
  h.send({ src: "10.0.0.1", dst: "8.8.8.8", sport: 5000, dport: 53, len: 100, t: 1 });
  h.send({ src: "10.0.0.1", dst: "1.1.1.1", sport: 5001, dport: 53, len: 300, t: 2 });
  h.send({
    src: "2001:db8::1",
    dst: "2001:db8::2",
    sport: 5002,
    dport: 443,
    proto: "tcp",
    len: 200,
    t: 3,
  });
  h.send({ src: "10.0.0.9", dst: "10.0.0.1", proto: "icmp", len: 50, t: 4 });
  const ports = (q: Parameters<typeof queryFlows>[1]) =>
    queryFlows(h.table, q, 5).flows.map((f) => f.aPort);
  assert.deepEqual(ports({}), [5001, 5002, 5000, null]);
  assert.deepEqual(ports({ order: "asc" }), [null, 5000, 5002, 5001]);
  assert.deepEqual(ports({ sort: "last-seen" }), [null, 5002, 5001, 5000]);
  assert.deepEqual(ports({ ip: "10.0.0.1" }), [5001, 5000, null]);
  assert.deepEqual(ports({ ip: "2001:DB8::2" }), [5002]);
  assert.deepEqual(ports({ port: 53 }), [5001, 5000]);
  assert.deepEqual(ports({ protocol: "TCP" }), [5002]);
  assert.deepEqual(ports({ protocol: "ipv4" }), [5001, 5000, null]);
  assert.deepEqual(ports({ protocol: "icmp" }), [null]);
  assert.deepEqual(ports({ limit: 2, offset: 1 }), [5002, 5000]);
  const page = queryFlows(h.table, { port: 53, limit: 1 }, 5);
  assert.deepEqual([page.total, page.matched, page.flows.length], [4, 2, 1]);
  assert.throws(() => queryFlows(h.table, { protocol: "bogus" }, 5), RangeError);
  assert.throws(() => queryFlows(h.table, { ip: "10.0.0" }, 5), RangeError);
});

Deno.test("queryFlows() clamps the page size to FLOW_QUERY_MAX_LIMIT", () => {
  const h = new Harness({ capacity: FLOW_QUERY_MAX_LIMIT + 10 });
  for (let i = 0; i < FLOW_QUERY_MAX_LIMIT + 10; i++) {
    h.send({ src: "10.0.0.1", dst: "10.0.0.2", sport: 1000 + i, t: 1 });
  }
  const page = queryFlows(h.table, { limit: 1e9 }, 2);
  assert.equal(page.flows.length, FLOW_QUERY_MAX_LIMIT);
  assert.equal(page.matched, FLOW_QUERY_MAX_LIMIT + 10);
  assert.equal(queryFlows(h.table, { limit: -5 }, 2).flows.length, 0);
  assert.equal(queryFlows(h.table, {}, 2).flows.length, FLOW_QUERY_DEFAULT_LIMIT);
});
