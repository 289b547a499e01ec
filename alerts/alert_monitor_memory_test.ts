/**
 * The detectors' memory stays bounded under a flood of new hosts: millions of packets, each
 * from a new source to a new target and port, fill every capped table past its cap within one
 * window; the tables stop at their caps (counting what they refused), the heap stops growing,
 * and the rate limit keeps the alert list short.
 */
import assert from "node:assert/strict";
import { AlertMonitor } from "./alert_monitor.ts";
import { resolveAlertOptions } from "./alert_options.ts";
import { newPacket } from "./_test_packet.ts";
import { L3, L4 } from "../stats/packet_observer.ts";

const T0 = 1_700_000_000;
const PACKETS = 2_000_000;
/** Heap readings taken through the flood past the caps. */
const SLICES = 40;
/** Growth allowed once every cap is reached: a few MB of V8 noise, none per host. */
const MAX_GROWTH_BYTES = 8 << 20;

/** V8's collector, when the run exposes it (`deno task test:unit` does: --expose-gc). */
const collect = (globalThis as { gc?: () => void }).gc;

function heapAndBuffers(): number {
  // Swept first when it can be: a reading then holds only what is still reachable.
  collect?.();
  const m = Deno.memoryUsage();
  return m.heapUsed + m.external;
}

Deno.test("every detector table stops at its cap under a flood of new hosts", () => {
  const m = new AlertMonitor({ clock: "packet", alerts: resolveAlertOptions() });
  const p = newPacket();
  p.l3 = L3.ipv4;
  p.addrLen = 4;
  p.wireLen = 60;
  let x = 0x12345678;
  const next = () => (x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0);
  const flood = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      // Three seconds of packet time: no window closes during the flood.
      p.tsSec = T0 + Math.floor((3 * i) / PACKETS);
      p.tsNsec = i % 1_000_000_000;
      const src = next();
      const dst = next();
      p.src[0] = src >>> 24;
      p.src[1] = src >>> 16;
      p.src[2] = src >>> 8;
      p.src[3] = src;
      // Targets stay below 224.0.0.0: multicast is never a probe. Every fifth packet is a SYN
      // to one of a few busy targets, so their (target, source) table fills as well.
      const kind = i % 5;
      const target = kind === 1 ? dst & 1023 : dst;
      p.dst[0] = (target >>> 24) % 224;
      p.dst[1] = target >>> 16;
      p.dst[2] = target >>> 8;
      p.dst[3] = target;
      const tcp = kind <= 1;
      p.l4 = tcp ? L4.tcp : kind === 4 ? L4.icmp : L4.udp;
      p.ipProto = tcp ? 6 : kind === 4 ? 1 : 17;
      p.srcPort = kind === 4 ? -1 : 1024 + (src & 0x7fff);
      p.dstPort = kind === 4 ? -1 : kind === 3 ? 53 : kind === 1 ? 80 : dst & 0xffff;
      p.tcpFlags = tcp ? 0x02 : -1;
      p.icmpType = kind === 4 ? 8 : -1;
      p.payloadLength = kind === 3 ? 120 : 0;
      m.observe(p);
    }
  };
  const names = (from: number, to: number) => {
    const batch: string[] = [];
    for (let i = from; i < to; i++) {
      batch.push(`q${i}x${next().toString(36)}.example${i % 5000}.com`);
    }
    m.names(batch, batch.map(() => 1));
  };
  // The payload scan's hits (with --payload-rules), each from a new client: a batch at a time,
  // as the worker sends them.
  const payloadHits = (from: number, to: number) => {
    const hits = [];
    for (let i = from; i < to; i++) {
      hits.push({
        rule: "secret",
        bitsPerByte: 0,
        src: `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`,
        dst: "192.0.2.1",
        srcPort: 40000,
        dstPort: 80,
        protocol: "tcp",
        timeMs: T0 * 1000,
      });
    }
    m.payload({ hits, dropped: 0 });
  };
  flood(0, PACKETS / 4);
  names(0, 100_000);
  for (let i = 0; i < 20_000; i += 256) payloadHits(i, i + 256);
  const use = m.tableUse();
  for (const [table, u] of Object.entries(use)) {
    assert.ok(u.size <= u.capacity, `${table}: ${u.size} > ${u.capacity}`);
    assert.ok(u.refused > 0, `${table} was not filled past its cap (${u.size}/${u.capacity})`);
  }
  names(100_000, 200_000);
  for (let i = 20_000; i < 40_000; i += 256) payloadHits(i, i + 256);
  // Sampled after each of many slices. Without an exposed collector a reading also holds
  // whatever garbage is not yet swept (tens of MB at times in a long suite run), so the lowest
  // reading of the last slices is compared with the lowest of the first: what the tables keep
  // stays in every reading; swept garbage does not.
  const samples: number[] = [];
  const slice = (PACKETS * 3 / 4) / SLICES;
  for (let k = 0; k < SLICES; k++) {
    flood(PACKETS / 4 + k * slice, PACKETS / 4 + (k + 1) * slice);
    samples.push(heapAndBuffers());
  }
  const edge = SLICES / 4;
  const grown = Math.min(...samples.slice(-edge)) - Math.min(...samples.slice(0, edge));
  console.log(
    `${PACKETS * 3 / 4} packets of new hosts after every cap: heap + buffers ${grown} bytes`,
  );
  assert.ok(grown < MAX_GROWTH_BYTES, `grew ${grown} bytes after every table was full`);
  for (const [table, u] of Object.entries(m.tableUse())) {
    assert.ok(u.size <= u.capacity, `${table}: ${u.size} > ${u.capacity}`);
  }
  m.finish("eof", null);
  // 30 a minute at most, and one summary of the rest.
  assert.ok(m.list().length <= 31, `${m.list().length} alerts`);
});
