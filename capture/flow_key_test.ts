import assert from "node:assert/strict";
import { DecodedPacket, L3, L4 } from "./decode/packet.ts";
import { fillPacket } from "../stats/_test_packet.ts";
import { FlowHint, hasFlowPorts } from "./flow_key.ts";
import { hashWords } from "./key_hash.ts";
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

/** A deterministic xorshift32 stream, so a failing case can be replayed. */
function words(seed: number): () => number {
  let x = seed | 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

Deno.test("FlowHint.compute() matches PacketKeys and hashWords() on random IPv4 and IPv6 packets", () => {
  const next = words(0x2545f491);
  const p = new DecodedPacket();
  const hint = new FlowHint();
  const keys = new PacketKeys();
  const view = (a: Uint8Array) => new DataView(a.buffer, a.byteOffset, 16);
  const src = view(p.src), dst = view(p.dst);
  for (let n = 0; n < 20_000; n++) {
    const r = next();
    const v6 = (r & 1) !== 0;
    p.l3 = v6 ? L3.ipv6 : L3.ipv4;
    p.addrLen = v6 ? 16 : 4;
    p.l4 = [L4.tcp, L4.udp, L4.icmp, L4.other][(r >>> 1) & 3]!;
    p.ipProto = (r & 0x80) !== 0 ? -1 : (r >>> 8) & 0xff;
    // Every word is random (an IPv4 packet's stale bytes past its address included); some
    // pairs share leading words, or the whole address, so later words and ports decide.
    for (let i = 0; i < 16; i += 4) {
      const w = next();
      src.setUint32(i, w);
      dst.setUint32(i, (r & (0x100 << (i >>> 2))) !== 0 ? w : next());
    }
    p.srcPort = (r & 0x1000) !== 0 ? -1 : next() & 0xffff;
    p.dstPort = (r & 0x2000) !== 0 ? p.srcPort : next() & 0xffff;
    const seed = next();
    hint.compute(p, seed);
    assert.ok(keys.load(p));
    keys.buildFlow(p.ipProto, hasFlowPorts(p), p.srcPort, p.dstPort);
    assert.equal(hint.keyed, true);
    assert.deepEqual(hint.key, keys.flow, `case ${n}`);
    assert.equal(hint.srcIsLow, keys.srcIsLow, `case ${n}`);
    assert.equal(hint.hash, hashWords(keys.flow, FLOW_KEY_WORDS, seed), `case ${n}`);
  }
});
