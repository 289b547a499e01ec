/**
 * Micro-benchmarks of `decodeFrame`: one frame per iteration, cycling through a pool of
 * synthetic frames of one kind (see `frame_pool.ts`), so each figure is the cost of decoding
 * one typical frame of that kind.
 *
 *   deno bench --allow-read bench/decode_bench.ts
 *
 * The statistics structures' micro-benchmarks belong in `stats_bench.ts` beside this file,
 * built the same way: a pool decoded once, then `ingest()` (or one structure's `add()`) per
 * iteration.
 */
import { decodeFrame } from "../capture/decode/decoder.ts";
import { DecodedPacket, L3, L4 } from "../capture/decode/packet.ts";
import { type FramePool, framePool } from "./frame_pool.ts";
import type { SyntheticTraffic, TrafficMix } from "./synthetic_traffic.ts";

const DLT_EN10MB = 1;
const NO_KIND: TrafficMix = {
  tcp4: 0,
  udp4: 0,
  dns4: 0,
  icmp4: 0,
  tcp6: 0,
  udp6: 0,
  dns6: 0,
  icmp6: 0,
  arp: 0,
};
/**
 * A SYN with Linux's options, the longest IPv4 segment without data: shorter frames are
 * handshakes, ACKs and FINs (and the odd few-byte segment), longer ones carry data.
 */
const ACK_MAX = 74;

interface Case {
  name: string;
  pool: FramePool;
  /** What every frame of the pool must decode to: checked once, before timing. */
  expect(p: DecodedPacket): boolean;
}

function only(mix: Partial<TrafficMix>, seed: number, vlanShare = 0) {
  return { seed, mix: { ...NO_KIND, ...mix }, vlanShare };
}
const data = (t: SyntheticTraffic) => t.length > ACK_MAX;
const tcp4 = (p: DecodedPacket) => p.l3 === L3.ipv4 && p.l4 === L4.tcp;

const CASES: Case[] = [
  {
    name: "TCP/IPv4 data segment",
    pool: framePool(only({ tcp4: 1 }, 1), undefined, data),
    expect: (p) => tcp4(p) && p.payloadCaptured > 0,
  },
  {
    name: "TCP/IPv4 handshake, ACK or FIN",
    pool: framePool(only({ tcp4: 1 }, 2), undefined, (t) => !data(t)),
    expect: tcp4,
  },
  {
    name: "UDP/IPv4 DNS query or answer",
    pool: framePool(only({ dns4: 1 }, 3)),
    expect: (p) => p.l3 === L3.ipv4 && p.l4 === L4.udp && (p.srcPort === 53 || p.dstPort === 53),
  },
  {
    name: "TCP/IPv6 segment",
    pool: framePool(only({ tcp6: 1 }, 4)),
    expect: (p) => p.l3 === L3.ipv6 && p.l4 === L4.tcp,
  },
  {
    name: "ICMPv6 echo or neighbour discovery",
    pool: framePool(only({ icmp6: 1 }, 5)),
    expect: (p) => p.l3 === L3.ipv6 && p.l4 === L4.icmpv6,
  },
  {
    name: "ARP request or reply",
    pool: framePool(only({ arp: 1 }, 6)),
    expect: (p) => p.l3 === L3.arp,
  },
  {
    name: "802.1Q-tagged TCP/IPv4",
    pool: framePool(only({ tcp4: 1 }, 7, 1)),
    expect: (p) => tcp4(p) && p.vlanCount === 1,
  },
  { name: "default mix", pool: framePool({ seed: 8 }), expect: (p) => p.error === 0 },
];

const packet = new DecodedPacket();

for (const { name, pool, expect } of CASES) {
  for (let i = 0; i < pool.count; i++) {
    const length = pool.lengths[i]!;
    decodeFrame(DLT_EN10MB, pool.data, pool.offsets[i]!, length, length, packet);
    if (!expect(packet) || packet.error !== 0) {
      throw new Error(`Cannot benchmark "${name}": frame ${i} does not decode as one`);
    }
  }
  let i = 0;
  Deno.bench({
    name: `decodeFrame() ${name}`,
    group: "decode",
    baseline: name === "default mix",
    fn() {
      const length = pool.lengths[i]!;
      decodeFrame(DLT_EN10MB, pool.data, pool.offsets[i]!, length, length, packet);
      i = (i + 1) % pool.count;
    },
  });
}
