import assert from "node:assert/strict";
import { DecodedPacket, DecodeError, L3, TcpFlag } from "../capture/decode/packet.ts";
import { fillPacket, type PacketSpec } from "./_test_packet.ts";
import { RecentPackets } from "./recent_packets.ts";

function ringOf(
  capacity: number,
  specs: PacketSpec[],
  tweak?: (p: DecodedPacket, i: number) => void,
) {
  const ring = new RecentPackets(capacity);
  const p = new DecodedPacket();
  specs.forEach((s, i) => {
    fillPacket(p, s);
    tweak?.(p, i);
    ring.push(p, i + 1);
  });
  return ring;
}

Deno.test("RecentPackets keeps only the last N packets, newest first", () => {
  const specs = Array.from({ length: 25 }, (_, i) => ({ src: "10.0.0.1", dst: "10.0.0.2", t: i }));
  const ring = ringOf(10, specs);
  assert.equal(ring.size, 10);
  const list = ring.list();
  assert.deepEqual(list.map((r) => r.seq), [25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
  assert.deepEqual(ring.list({ since: 22 }).map((r) => r.seq), [25, 24, 23]);
  assert.deepEqual(ring.list({ limit: 2 }).map((r) => r.seq), [25, 24]);
});

Deno.test("RecentPackets copies the packet, so reusing the DecodedPacket changes nothing", () => {
  const ring = new RecentPackets(4);
  const p = fillPacket(new DecodedPacket(), { src: "10.0.0.1", dst: "10.0.0.2", t: 1.5, len: 99 });
  ring.push(p, 1);
  fillPacket(p, { src: "192.168.9.9", dst: "192.168.9.8", t: 7, len: 1 });
  const [r] = ring.list();
  assert.deepEqual([r?.src, r?.dst, r?.length, r?.ts, r?.timeMs], [
    "10.0.0.1",
    "10.0.0.2",
    99,
    "1.500000000",
    1500,
  ]);
});

Deno.test("RecentPackets writes a one-line summary per protocol", () => {
  const ring = ringOf(16, [
    { src: "10.0.0.2", dst: "10.0.0.1", proto: "tcp", sport: 5000, dport: 80, flags: TcpFlag.syn },
    { src: "10.0.0.1", dst: "10.0.0.2", proto: "udp", sport: 53, dport: 5000 },
    { src: "10.0.0.1", dst: "10.0.0.2", proto: "icmp", icmpType: 8 },
    { src: "fe80::1", dst: "ff02::1", proto: "icmpv6", icmpType: 1, icmpCode: 4 },
    { src: "10.0.0.1", dst: "10.0.0.2", proto: "udp", fragOffset: 1480 },
    { l3: L3.arp, arpOp: 1, src: "10.0.0.2", dst: "10.0.0.1" },
    { l3: L3.other, etherType: 0x88cc },
    { src: "10.0.0.1", dst: "10.0.0.2", proto: 47 },
    { l3: L3.arp, arpOp: 2, src: "10.0.0.1", dst: "10.0.0.2" },
    { l3: L3.arp, arpOp: 3, etherType: 0x8035 },
  ], (p, i) => {
    if (i === 0) p.tcpSeq = 0;
    if (i === 1) p.payloadLength = 40;
  });
  const rows = ring.list().reverse().map((r) => [r.protocol, r.info]);
  assert.deepEqual(rows, [
    ["TCP", "SYN seq=0 win=1024"],
    ["UDP", "dns len=40"],
    ["ICMP", "echo request"],
    ["ICMPv6", "destination unreachable code=4"],
    ["UDP", "fragment offset=1480"],
    ["ARP", "ARP who-has 10.0.0.1 tell 10.0.0.2"],
    ["LLDP", "ethertype 0x88cc"],
    ["GRE", "IP protocol 47"],
    ["ARP", "ARP reply 10.0.0.1 is-at 00:00:00:00:00:00"],
    ["RARP", "RARP request"],
  ]);
});

Deno.test("RecentPackets shows MAC addresses for frames without IP and flags decode errors", () => {
  const ring = ringOf(4, [{ l3: L3.other, etherType: 0x88cc }], (p) => {
    p.srcMac.set([0, 1, 2, 3, 4, 5]);
    p.dstMac.set([0x01, 0x80, 0xc2, 0, 0, 0x0e]);
    p.error = DecodeError.badVlan;
  });
  const [r] = ring.list();
  assert.equal(r?.src, "00:01:02:03:04:05");
  assert.equal(r?.dst, "01:80:c2:00:00:0e");
  assert.equal(r?.info, "ethertype 0x88cc [bad VLAN tag]");
});

Deno.test("RecentPackets.list() filters by ip, port and protocol", () => {
  const ring = ringOf(8, [
    { src: "10.0.0.1", dst: "10.0.0.2", proto: "udp", sport: 1000, dport: 53 },
    { src: "2001:db8::1", dst: "2001:db8::2", proto: "tcp", sport: 1001, dport: 443 },
    { src: "10.0.0.3", dst: "10.0.0.1", proto: "icmp" },
    { l3: L3.arp, src: "10.0.0.1", dst: "10.0.0.9" },
  ]);
  const seqs = (q: Parameters<RecentPackets["list"]>[0]) => ring.list(q).map((r) => r.seq);
  assert.deepEqual(seqs({ ip: "10.0.0.1" }), [4, 3, 1]);
  assert.deepEqual(seqs({ ip: "2001:db8:0:0::2" }), [2]);
  assert.deepEqual(seqs({ port: 53 }), [1]);
  assert.deepEqual(seqs({ protocol: "tcp" }), [2]);
  assert.deepEqual(seqs({ protocol: "arp" }), [4]);
  assert.deepEqual(seqs({ protocol: "ipv4", ip: "10.0.0.3" }), [3]);
  assert.throws(() => ring.list({ port: 70000 }), RangeError);
});

Deno.test("RecentPackets rejects a ring size outside 1..MAX_RECENT_PACKETS", () => {
  assert.throws(() => new RecentPackets(0), RangeError);
  assert.throws(() => new RecentPackets(2_000_000), RangeError);
});

Deno.test("RecentPackets shows each packet's own addresses when one object carries v6 then v4", () => {
  const ring = ringOf(4, [
    { src: "2001:db8::1", dst: "2001:db8::2", proto: "udp" },
    { src: "10.0.0.1", dst: "10.0.0.2", proto: "udp" },
  ]);
  const [v4, v6] = ring.list();
  assert.deepEqual([v4?.src, v4?.dst], ["10.0.0.1", "10.0.0.2"]);
  assert.deepEqual([v6?.src, v6?.dst], ["2001:db8::1", "2001:db8::2"]);
});

Deno.test("RecentPackets copies from a new packet object, not the last one it saw", () => {
  const ring = new RecentPackets(4);
  ring.push(fillPacket(new DecodedPacket(), { src: "10.0.0.1", dst: "10.0.0.2" }), 1);
  ring.push(fillPacket(new DecodedPacket(), { src: "10.0.0.3", dst: "10.0.0.4" }), 2);
  assert.deepEqual(ring.list().map((r) => r.src), ["10.0.0.3", "10.0.0.1"]);
});
