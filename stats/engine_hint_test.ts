/**
 * `StatsEngine.ingest(p, flow)` with a `FlowHint` from the capture worker must count exactly what
 * `ingest(p)` counts: same snapshot, flows, hosts, ports and packet list, whether the hint was
 * hashed with the engine's seed (used as is) or another one (rehashed).
 */

import assert from "node:assert/strict";
import { DecodedPacket, L3, TcpFlag } from "../capture/decode/packet.ts";
import { fillPacket, type PacketSpec } from "./_test_packet.ts";
import { StatsEngine } from "./engine.ts";
import { FlowHint } from "../capture/flow_key.ts";
import type { StatsOptions } from "./options.ts";

const ENGINE_SEED = 11;
// Small tables, so the run also covers flow eviction, host eviction and the conversation sketch.
const OPTIONS: StatsOptions = {
  clock: "packet",
  hashSeed: ENGINE_SEED,
  flowCap: 64,
  hostCap: 48,
  exactConversationLimit: 100,
  epochNow: () => 0,
};

function traffic(): PacketSpec[] {
  const specs: PacketSpec[] = [];
  const flags = [TcpFlag.syn, TcpFlag.syn | TcpFlag.ack, TcpFlag.ack, TcpFlag.fin | TcpFlag.ack];
  for (let i = 0; i < 3000; i++) {
    const t = 1_700_000_000 + i * 0.01;
    const a = `10.0.${(i * 7) % 13}.${(i * 31) % 97}`;
    const b = i % 5 === 0 ? `2001:db8::${(i % 50).toString(16)}` : `192.0.2.${i % 40}`;
    const v6 = b.includes(":");
    const src = v6 ? `2001:db8::aa:${(i % 9).toString(16)}` : a;
    const back = i % 2 === 1;
    switch (i % 7) {
      case 5:
        specs.push({ t, l3: L3.arp, src: a, dst: "10.0.0.1", len: 42 });
        break;
      case 6:
        specs.push({ t, src: back ? b : src, dst: back ? src : b, proto: "icmp", len: 74 });
        break;
      default:
        specs.push({
          t,
          src: back ? b : src,
          dst: back ? src : b,
          proto: i % 3 === 0 ? "udp" : "tcp",
          sport: back ? 443 : 40000 + (i % 150),
          dport: back ? 40000 + (i % 150) : 443,
          flags: flags[i % 4]!,
          len: 60 + (i % 1400),
        });
    }
  }
  return specs;
}

function run(hintSeed: number | null): unknown {
  const engine = new StatsEngine(OPTIONS);
  const p = new DecodedPacket();
  const hint = new FlowHint();
  for (const spec of traffic()) {
    fillPacket(p, spec);
    if (hintSeed === null) {
      engine.ingest(p);
    } else {
      hint.compute(p, hintSeed);
      engine.ingest(p, hint);
    }
  }
  return {
    snapshot: engine.snapshot(),
    flows: engine.flows({ limit: 1000 }),
    hosts: engine.hosts("rx-bytes", 1000),
    ports: engine.ports(1000),
    packets: engine.packets(),
    series: engine.series("90s"),
  };
}

Deno.test("ingest() with a FlowHint of the engine's seed counts what ingest() alone counts", () => {
  const reference = run(null) as { snapshot: ReturnType<StatsEngine["snapshot"]> };
  // The traffic reaches every bound, so the paths that only run past them are compared too.
  assert.ok(reference.snapshot.flows.evicted.capacity > 0);
  assert.ok(reference.snapshot.hosts.evicted > 0);
  assert.equal(reference.snapshot.conversationsExact, false);
  assert.deepEqual(run(ENGINE_SEED), reference);
});

Deno.test("ingest() rehashes a FlowHint made with another seed and counts the same", () => {
  assert.deepEqual(run(ENGINE_SEED + 1), run(null));
});
