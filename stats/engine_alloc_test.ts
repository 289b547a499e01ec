/**
 * StatsEngine.ingest() must not allocate per packet once flows and hosts are known (the hot-path
 * rule). Allocation is measured as growth of the V8 heap over bursts of packets: a burst that
 * allocates nothing leaves `heapUsed` where it was, while any per-packet object (a boxed
 * number, a string, a closure) shows up as bytes per packet. Bursts in which a garbage
 * collection ran (the heap shrank) are skipped.
 */

import assert from "node:assert/strict";
import { DecodedPacket, TcpFlag } from "../capture/decode/packet.ts";
import { fillPacket } from "./_test_packet.ts";
import { StatsEngine } from "./engine.ts";
import { FlowHint } from "../capture/flow_key.ts";

const FLOWS = 512;
const WARMUP_ROUNDS = 400;
const BURSTS = 30;
const BURST_ROUNDS = 40;
/** Heap statistics themselves can wobble by a few bytes; a boxed double costs 12-16 per packet. */
const MAX_BYTES_PER_PACKET = 0.5;

/** Copy every field the engine reads, without allocating (as the decoder's overwrite does). */
function load(to: DecodedPacket, from: DecodedPacket, tsSec: number, tsNsec: number): void {
  to.tsSec = tsSec;
  to.tsNsec = tsNsec;
  to.caplen = from.caplen;
  to.wireLen = from.wireLen;
  to.linkType = from.linkType;
  to.etherType = from.etherType;
  to.hasMac = from.hasMac;
  to.l3 = from.l3;
  to.addrLen = from.addrLen;
  to.src.set(from.src);
  to.dst.set(from.dst);
  to.ipProto = from.ipProto;
  to.l4 = from.l4;
  to.srcPort = from.srcPort;
  to.dstPort = from.dstPort;
  to.tcpFlags = from.tcpFlags;
  to.tcpSeq = from.tcpSeq;
  to.tcpAck = from.tcpAck;
  to.tcpWindow = from.tcpWindow;
}

/**
 * With `hinted`, each packet is keyed by a `FlowHint` first, as the capture worker does; with
 * `watched`, a flow exporter watches the flow table (`--ipfix`: per-direction details kept).
 */
function bytesPerPacket(family: "v4" | "v6", hinted = false, watched = false): number {
  const engine = new StatsEngine({ hashSeed: 7 });
  if (watched) engine.watchFlowEnds(() => {});
  const templates = Array.from({ length: FLOWS }, (_, i) =>
    fillPacket(new DecodedPacket(), {
      src: family === "v4" ? `10.${i >> 8}.${i & 255}.7` : `2001:db8::${i.toString(16)}:7`,
      dst: family === "v4" ? "203.0.113.200" : "2001:db8:ffff::200",
      proto: i % 3 === 0 ? "udp" : "tcp",
      sport: 30000 + i,
      dport: i % 3 === 0 ? 53 : 443,
      flags: TcpFlag.ack | TcpFlag.psh,
      len: 60 + (i % 1400),
    }));
  const p = new DecodedPacket();
  const hint = new FlowHint();
  // Realistic epoch timestamps with nanoseconds, so times are true doubles, not small integers.
  let sec = 1_700_000_000;
  const round = (nsec: number) => {
    for (let i = 0; i < FLOWS; i++) {
      load(p, templates[i]!, sec, nsec + i);
      if (hinted) {
        hint.compute(p, 7);
        engine.ingest(p, hint);
      } else {
        engine.ingest(p);
      }
    }
  };
  for (let r = 0; r < WARMUP_ROUNDS; r++) {
    if (r % 50 === 0) sec++;
    round(r * 1000);
  }
  const perPacket: number[] = [];
  for (let b = 0; b < BURSTS; b++) {
    sec++;
    const before = Deno.memoryUsage().heapUsed;
    for (let r = 0; r < BURST_ROUNDS; r++) round(r * 1000);
    const after = Deno.memoryUsage().heapUsed;
    if (after >= before) perPacket.push((after - before) / (BURST_ROUNDS * FLOWS));
  }
  assert.ok(perPacket.length > 0, "every burst ran a garbage collection: ingest() allocates");
  return Math.min(...perPacket);
}

Deno.test("StatsEngine.ingest() allocates nothing per IPv4 packet in the steady state", () => {
  const b = bytesPerPacket("v4");
  assert.ok(b < MAX_BYTES_PER_PACKET, `${b.toFixed(2)} bytes allocated per packet`);
});

Deno.test("StatsEngine.ingest() allocates nothing per IPv6 packet in the steady state", () => {
  const b = bytesPerPacket("v6");
  assert.ok(b < MAX_BYTES_PER_PACKET, `${b.toFixed(2)} bytes allocated per packet`);
});

Deno.test("FlowHint.compute() and ingest() with the hint allocate nothing per packet", () => {
  for (const family of ["v4", "v6"] as const) {
    const b = bytesPerPacket(family, true);
    assert.ok(b < MAX_BYTES_PER_PACKET, `${family}: ${b.toFixed(2)} bytes allocated per packet`);
  }
});

Deno.test("ingest() watched by a flow exporter (per-direction details) allocates nothing", () => {
  for (const family of ["v4", "v6"] as const) {
    const b = bytesPerPacket(family, true, true);
    assert.ok(b < MAX_BYTES_PER_PACKET, `${family}: ${b.toFixed(2)} bytes allocated per packet`);
  }
});
