/**
 * With `--payload N` the engine copies each recent packet's kept bytes into RecentPayloads: that
 * copy must not allocate either. Measured as engine_alloc_test.ts measures ingest(): growth of
 * the V8 heap over bursts of packets, bursts with a garbage collection skipped.
 */
import assert from "node:assert/strict";
import { DecodedPacket } from "../capture/decode/packet.ts";
import { fillPacket } from "./_test_packet.ts";
import { StatsEngine } from "./engine.ts";
import { MAX_KEPT_PAYLOAD_BYTES } from "./recent_payloads.ts";

const FLOWS = 256;
const WARMUP_ROUNDS = 300;
const BURSTS = 30;
const BURST_ROUNDS = 40;
const MAX_BYTES_PER_PACKET = 0.5;

Deno.test("ingest() keeping 256 payload bytes per packet allocates nothing per packet", () => {
  const engine = new StatsEngine({ hashSeed: 7, payloadBytes: MAX_KEPT_PAYLOAD_BYTES });
  // One shared block as the payload ring is: each packet's kept view is an offset into it.
  const ring = new Uint8Array(FLOWS * MAX_KEPT_PAYLOAD_BYTES).map((_, i) => i & 0xff);
  const templates = Array.from({ length: FLOWS }, (_, i) =>
    fillPacket(new DecodedPacket(), {
      src: `10.0.${i}.7`,
      dst: "203.0.113.200",
      proto: "udp",
      sport: 30000 + i,
      dport: 53,
      len: 400,
    }));
  const p = new DecodedPacket();
  let sec = 1_700_000_000;
  const round = () => {
    for (let i = 0; i < FLOWS; i++) {
      const t = templates[i]!;
      p.tsSec = sec;
      p.tsNsec = i;
      p.caplen = t.caplen;
      p.wireLen = t.wireLen;
      p.etherType = t.etherType;
      p.l3 = t.l3;
      p.addrLen = t.addrLen;
      p.src.set(t.src);
      p.dst.set(t.dst);
      p.ipProto = t.ipProto;
      p.l4 = t.l4;
      p.srcPort = t.srcPort;
      p.dstPort = t.dstPort;
      p.kept = ring;
      p.keptOffset = i * MAX_KEPT_PAYLOAD_BYTES;
      p.keptLength = MAX_KEPT_PAYLOAD_BYTES;
      p.keptOf = 358;
      engine.ingest(p);
    }
  };
  for (let r = 0; r < WARMUP_ROUNDS; r++) {
    if (r % 50 === 0) sec++;
    round();
  }
  const perPacket: number[] = [];
  for (let b = 0; b < BURSTS; b++) {
    sec++;
    const before = Deno.memoryUsage().heapUsed;
    for (let r = 0; r < BURST_ROUNDS; r++) round();
    const after = Deno.memoryUsage().heapUsed;
    if (after >= before) perPacket.push((after - before) / (BURST_ROUNDS * FLOWS));
  }
  assert.ok(perPacket.length > 0, "every burst ran a garbage collection: ingest() allocates");
  const b = Math.min(...perPacket);
  assert.ok(b < MAX_BYTES_PER_PACKET, `${b.toFixed(2)} bytes allocated per packet`);
  // The bytes were kept: the newest packet's payload is the ring's last slot.
  const newest = engine.packets({ limit: 1 })[0]!;
  assert.equal(engine.packetPayload(newest.seq)?.hex.length, MAX_KEPT_PAYLOAD_BYTES * 2);
});
