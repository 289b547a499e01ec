import assert from "node:assert/strict";
import { DecodedPacket, L3 } from "../capture/decode/packet.ts";
import { fillPacket } from "./_test_packet.ts";
import { FlowHint, hasFlowPorts } from "./flow_hint.ts";
import { hashWords } from "./hash.ts";
import { FLOW_KEY_WORDS, PacketKeys } from "./packet_keys.ts";

const SEED = 0x9abcdef1;

Deno.test("FlowHint.compute() gives the key, side and hash the engine would build", () => {
  for (
    const spec of [
      { src: "10.0.0.9", dst: "10.0.0.1", proto: "tcp", sport: 443, dport: 50000 },
      { src: "2001:db8::1", dst: "2001:db8::2", proto: "udp", sport: 5353, dport: 53 },
      { src: "10.0.0.1", dst: "10.0.0.9", proto: "icmp" },
    ] as const
  ) {
    const p = fillPacket(new DecodedPacket(), spec);
    const hint = new FlowHint();
    hint.compute(p, SEED);
    const keys = new PacketKeys();
    assert.ok(keys.load(p));
    keys.buildFlow(p.ipProto, hasFlowPorts(p), p.srcPort, p.dstPort);
    assert.equal(hint.keyed, true);
    assert.deepEqual([...hint.key], [...keys.flow]);
    assert.equal(hint.srcIsLow, keys.srcIsLow);
    assert.equal(hint.hash, hashWords(keys.flow, FLOW_KEY_WORDS, SEED));
    assert.equal(hint.seed, SEED | 0);
  }
});

Deno.test("FlowHint.compute() marks ARP and address-less packets as having no flow", () => {
  const hint = new FlowHint();
  hint.compute(fillPacket(new DecodedPacket(), { l3: L3.arp, src: "10.0.0.7" }), SEED);
  assert.equal(hint.keyed, false);
  const p = fillPacket(new DecodedPacket(), { src: "10.0.0.1", dst: "10.0.0.2" });
  p.addrLen = 0;
  hint.compute(p, SEED);
  assert.equal(hint.keyed, false);
});

Deno.test("hasFlowPorts() needs TCP or UDP with both ports captured", () => {
  const ip = { src: "10.0.0.1", dst: "10.0.0.2" };
  const tcp = fillPacket(new DecodedPacket(), { ...ip, proto: "tcp", sport: 1, dport: 2 });
  assert.equal(hasFlowPorts(tcp), true);
  assert.equal(hasFlowPorts(fillPacket(new DecodedPacket(), { ...ip, proto: "icmp" })), false);
  const cut = fillPacket(new DecodedPacket(), { ...ip, proto: "udp", sport: 1, dport: 2 });
  cut.dstPort = -1;
  assert.equal(hasFlowPorts(cut), false);
});
