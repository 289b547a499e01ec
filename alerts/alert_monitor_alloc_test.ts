/**
 * AlertMonitor.observe() allocates nothing per packet (the hot-path rule): heap growth over
 * bursts of packets within one second of packet time (no window closes) stays near zero.
 * Bursts in which a garbage collection ran (the heap shrank) are skipped.
 */
import assert from "node:assert/strict";
import { AlertMonitor } from "./alert_monitor.ts";
import { resolveAlertOptions } from "./alert_options.ts";
import { fill, newPacket, type Spec } from "./_test_packet.ts";

const T0 = 1_700_000_000;
const BURSTS = 30;
const BURST_ROUNDS = 20;
/** A boxed double or a string per packet would cost 12 bytes and more. */
const MAX_BYTES_PER_PACKET = 0.5;

Deno.test("AlertMonitor.observe() allocates nothing per packet", () => {
  const m = new AlertMonitor({
    clock: "packet",
    alerts: resolveAlertOptions({ blocklist: ["198.51.100.0/24"] }),
  });
  // Every branch: SYNs, SYN-ACKs, ACKs, UDP probes and answers, DNS, echo requests, IPv6.
  const specs: Spec[] = [];
  for (let i = 0; i < 256; i++) {
    const client = `10.0.${i >> 4}.${i & 15}`;
    const server = i % 7 === 0 ? "198.51.100.7" : `192.0.2.${i & 63}`;
    specs.push({
      t: 0,
      src: client,
      dst: server,
      proto: "tcp",
      sport: 40000 + i,
      dport: 443,
      flags: 0x02,
    });
    specs.push({
      t: 0,
      src: server,
      dst: client,
      proto: "tcp",
      sport: 443,
      dport: 40000 + i,
      flags: 0x12,
    });
    specs.push({
      t: 0,
      src: client,
      dst: server,
      proto: "tcp",
      sport: 40000 + i,
      dport: 443,
      flags: 0x10,
      len: 1400,
    });
    specs.push({
      t: 0,
      src: client,
      dst: server,
      proto: "udp",
      sport: 50000 + i,
      dport: 53,
      payload: 40,
    });
    specs.push({ t: 0, src: server, dst: client, proto: "udp", sport: 53, dport: 50000 + i });
    specs.push({ t: 0, src: client, dst: server, proto: "icmp", icmpType: 8 });
    specs.push({
      t: 0,
      src: `2001:db8::${i.toString(16)}`,
      dst: "2001:db8::1",
      proto: "tcp",
      flags: 0x02,
    });
  }
  const templates = specs.map((s) => fill(newPacket(), s));
  const p = newPacket();
  const round = (nsec: number) => {
    for (const t of templates) {
      p.tsSec = T0;
      p.tsNsec = nsec;
      p.wireLen = t.wireLen;
      p.l3 = t.l3;
      p.l4 = t.l4;
      p.ipProto = t.ipProto;
      p.addrLen = t.addrLen;
      p.src.set(t.src);
      p.dst.set(t.dst);
      p.srcPort = t.srcPort;
      p.dstPort = t.dstPort;
      p.tcpFlags = t.tcpFlags;
      p.icmpType = t.icmpType;
      p.payloadLength = t.payloadLength;
      m.observe(p);
    }
  };
  // Long enough for the optimising compiler to settle on every branch.
  for (let r = 0; r < 300; r++) round(r);
  const perPacket: number[] = [];
  for (let b = 0; b < BURSTS; b++) {
    const before = Deno.memoryUsage().heapUsed;
    for (let r = 0; r < BURST_ROUNDS; r++) round(1000 + b * BURST_ROUNDS + r);
    const after = Deno.memoryUsage().heapUsed;
    if (after >= before) perPacket.push((after - before) / (BURST_ROUNDS * templates.length));
  }
  assert.ok(perPacket.length >= BURSTS / 3, `only ${perPacket.length} bursts without a GC`);
  const median = perPacket.sort((a, b) => a - b)[perPacket.length >> 1]!;
  assert.ok(median <= MAX_BYTES_PER_PACKET, `${median.toFixed(2)} bytes per packet`);
});
