/**
 * Memory bound of the statistics engine under churn: several million packets over a million
 * distinct flows and a million distinct hosts must leave the flow and host tables at their caps
 * and the whole process under the product's RSS target. Prints RSS and ns/packet (no timing
 * assertion: CI machines vary).
 *
 * The workload runs in a child `deno run` of this same file: the test runner's own process
 * already holds 100-270 MB (test harness, type checker), so only a separate process measures
 * what a wirescope process would use.
 */

import assert from "node:assert/strict";
import { DecodedPacket, L3, L4, TcpFlag } from "../capture/decode/packet.ts";
import { StatsEngine } from "../stats/engine.ts";
import { FLOW_TABLE_CAP } from "../stats/flow_table.ts";
import { HOST_TABLE_CAP } from "../stats/host_table.ts";
import type { StatsSnapshot } from "../stats/snapshot.ts";

/** The product target for the whole wirescope process (README: "< 150 MB"). */
const RSS_LIMIT_BYTES = 150 * 1024 * 1024;
const PACKETS = 4_000_000;
const DISTINCT = 1_000_000;
/** One packet in four goes to a small set of busy flows, the rest churn through a million. */
const HOT_FLOWS = 5_000;
/** About 100k packets per second of packet time: the run covers ~40 s, inside the idle timeout. */
const PACKETS_PER_SECOND = 100_000;
const RSS_SAMPLE_EVERY = 250_000;

/** Fill `p` as flow `n`: source host n (IPv4, one in eight IPv6), TCP or UDP to a few servers. */
function fill(p: DecodedPacket, n: number, tsSec: number, tsNsec: number): void {
  const v6 = n % 8 === 7;
  p.tsSec = tsSec;
  p.tsNsec = tsNsec;
  p.wireLen = 64 + (n % 1400);
  p.caplen = p.wireLen;
  p.linkType = 1;
  p.l3 = v6 ? L3.ipv6 : L3.ipv4;
  p.etherType = v6 ? 0x86dd : 0x0800;
  p.addrLen = v6 ? 16 : 4;
  p.src.fill(0);
  p.dst.fill(0);
  if (v6) {
    p.src[0] = 0x20;
    p.src[1] = 0x01;
    p.dst[0] = 0x20;
    p.dst[1] = 0x01;
  } else {
    p.src[0] = 10;
    p.dst[0] = 203;
  }
  const o = v6 ? 12 : 1;
  p.src[o] = (n >>> 16) & 0xff;
  p.src[o + 1] = (n >>> 8) & 0xff;
  p.src[o + 2] = n & 0xff;
  p.dst[o + 2] = n % 16;
  const tcp = n % 3 !== 0;
  p.ipProto = tcp ? 6 : 17;
  p.l4 = tcp ? L4.tcp : L4.udp;
  p.srcPort = 20_000 + (n % 40_000);
  p.dstPort = tcp ? 443 : 53;
  p.tcpFlags = tcp ? TcpFlag.ack : -1;
  p.tcpSeq = tcp ? n : -1;
  p.tcpAck = tcp ? 1 : -1;
  p.tcpWindow = tcp ? 512 : -1;
}

/** Result the child process prints as one JSON line. */
interface WorkloadResult {
  maxRss: number;
  nsPerPacket: number;
  snapshot: StatsSnapshot;
}

function runWorkload(): WorkloadResult {
  const engine = new StatsEngine({ clock: "packet", hashSeed: 1 });
  const p = new DecodedPacket();
  let maxRss = Deno.memoryUsage().rss;
  let churn = 0;
  const start = performance.now();
  for (let i = 0; i < PACKETS; i++) {
    const n = i % 4 === 0 ? (i >>> 2) % HOT_FLOWS : HOT_FLOWS + (churn++ % (DISTINCT - HOT_FLOWS));
    const sec = 1_700_000_000 + Math.floor(i / PACKETS_PER_SECOND);
    fill(p, n, sec, (i % PACKETS_PER_SECOND) * 10_000);
    engine.ingest(p);
    if (i % RSS_SAMPLE_EVERY === 0) maxRss = Math.max(maxRss, Deno.memoryUsage().rss);
  }
  const nsPerPacket = ((performance.now() - start) * 1e6) / PACKETS;
  const snapshot = engine.snapshot();
  maxRss = Math.max(maxRss, Deno.memoryUsage().rss);
  return { maxRss, nsPerPacket, snapshot };
}

if (import.meta.main) {
  console.log(JSON.stringify(runWorkload()));
} else {
  Deno.test("StatsEngine holds its caps and stays under 150 MB RSS over a million flows and hosts", async () => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", import.meta.filename ?? new URL(import.meta.url).pathname],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    assert.ok(out.success, "the workload process failed");
    const { maxRss, nsPerPacket, snapshot: s } = JSON.parse(
      new TextDecoder().decode(out.stdout),
    ) as WorkloadResult;
    const conv = s.conversations.tcp + s.conversations.udp;
    console.log(
      `stats memory: ${PACKETS} packets over ${DISTINCT} flows and hosts: max RSS ` +
        `${(maxRss / 1048576).toFixed(1)} MiB, ${nsPerPacket.toFixed(0)} ns/packet ` +
        `(including building each packet), conversations ~${conv}`,
    );
    assert.equal(s.packets, PACKETS);
    assert.equal(s.flows.active, FLOW_TABLE_CAP);
    assert.equal(s.flows.capacity, FLOW_TABLE_CAP);
    assert.ok(
      s.flows.evicted.capacity > DISTINCT,
      `capacity evictions ${s.flows.evicted.capacity}`,
    );
    assert.ok(s.hosts.tracked <= HOST_TABLE_CAP);
    assert.ok(s.hosts.evicted >= DISTINCT - HOST_TABLE_CAP, `host evictions ${s.hosts.evicted}`);
    // Every flow is a distinct conversation: past the exact bound the count is an estimate.
    assert.equal(s.conversationsExact, false);
    assert.ok(Math.abs(conv - DISTINCT) / DISTINCT < 0.03, `conversations ${conv}`);
    // The busiest hosts stay exact through the churn: each hot host sent 1/HOT_FLOWS of a quarter.
    assert.equal(s.topSources[0]?.packets, PACKETS / 4 / HOT_FLOWS);
    assert.ok(maxRss < RSS_LIMIT_BYTES, `max RSS ${(maxRss / 1048576).toFixed(1)} MiB`);
  });
}
