import assert from "node:assert/strict";
import { makePacket } from "../stats/_test_packet.ts";
import { formatAddress } from "../net/ip_format.ts";
import {
  flowKeyAddress,
  flowKeyFamily,
  flowKeyHasPorts,
  flowKeyPort,
  flowKeyProto,
  PacketKeys,
} from "./packet_keys.ts";

function flowOf(spec: Parameters<typeof makePacket>[0]): { key: number[]; srcIsLow: boolean } {
  const p = makePacket(spec);
  const k = new PacketKeys();
  assert.ok(k.load(p));
  k.buildFlow(p.ipProto, p.srcPort >= 0, p.srcPort, p.dstPort);
  return { key: [...k.flow], srcIsLow: k.srcIsLow };
}

Deno.test("PacketKeys.buildFlow() gives both directions of a conversation one key", () => {
  const ab = flowOf({ src: "10.0.0.2", dst: "10.0.0.1", sport: 1000, dport: 53 });
  const ba = flowOf({ src: "10.0.0.1", dst: "10.0.0.2", sport: 53, dport: 1000 });
  assert.deepEqual(ab.key, ba.key);
  assert.notEqual(ab.srcIsLow, ba.srcIsLow);
});

Deno.test("PacketKeys.buildFlow() orders equal addresses by port", () => {
  const ab = flowOf({ src: "::1", dst: "::1", sport: 5000, dport: 80, proto: "tcp" });
  const ba = flowOf({ src: "::1", dst: "::1", sport: 80, dport: 5000, proto: "tcp" });
  assert.deepEqual(ab.key, ba.key);
  assert.equal(ba.srcIsLow, true);
});

Deno.test("PacketKeys.buildFlow() keeps protocol, family and ports apart", () => {
  const udp = flowOf({ src: "10.0.0.1", dst: "10.0.0.2", proto: "udp" }).key;
  const tcp = flowOf({ src: "10.0.0.1", dst: "10.0.0.2", proto: "tcp" }).key;
  const v6 = flowOf({ src: "::a00:1", dst: "::a00:2", proto: "udp" }).key;
  const other = flowOf({ src: "10.0.0.1", dst: "10.0.0.2", proto: 47 }).key;
  const portless = flowOf({ src: "10.0.0.1", dst: "10.0.0.2", proto: "udp", fragOffset: 8 }).key;
  const keys = [udp, tcp, v6, other, portless].map((k) => k.join(","));
  assert.equal(new Set(keys).size, 5);
});

Deno.test("flowKey accessors read back family, protocol, ports and addresses", () => {
  const { key } = flowOf({ src: "2001:db8::9", dst: "2001:db8::1", sport: 443, dport: 50000 });
  const words = Uint32Array.from(key);
  assert.equal(flowKeyFamily(words, 0), 16);
  assert.equal(flowKeyProto(words, 0), 17);
  assert.ok(flowKeyHasPorts(words, 0));
  const addr = new Uint8Array(16);
  flowKeyAddress(words, 0, 0, addr);
  assert.equal(formatAddress(addr, 16), "2001:db8::1");
  assert.equal(flowKeyPort(words, 0, 0), 50000);
  flowKeyAddress(words, 0, 1, addr);
  assert.equal(formatAddress(addr, 16), "2001:db8::9");
  assert.equal(flowKeyPort(words, 0, 1), 443);
});

Deno.test("PacketKeys.load() gives an IPv4 host a single numeric address word", () => {
  const k = new PacketKeys();
  assert.ok(k.load(makePacket({ src: "192.168.1.1", dst: "10.0.0.1" })));
  assert.deepEqual([...k.srcHost], [4, 0xc0a80101, 0, 0, 0]);
  assert.deepEqual([...k.dstHost], [4, 0x0a000001, 0, 0, 0]);
});

Deno.test("PacketKeys.load() refuses a packet without IP addresses", () => {
  assert.equal(new PacketKeys().load(makePacket({ l3: 4 })), false);
});
