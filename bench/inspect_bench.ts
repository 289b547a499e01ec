/**
 * Micro-benchmarks of the name readers on the capture worker's hot path: `decodeFrame()` then
 * `AppInspector.inspect()` per frame, DNS counted into a sink as the worker counts it, cycling
 * through a pool of synthetic frames of one kind (see `frame_pool.ts`). The decode alone is in
 * `decode_bench.ts`; the difference is what looking for names costs.
 *
 *   deno bench --allow-read bench/inspect_bench.ts
 */
import { decodeFrame } from "../capture/decode/decoder.ts";
import { DecodedPacket } from "../capture/decode/packet.ts";
import { AppInspector } from "../capture/inspect/app_inspector.ts";
import { DnsSummaryRing } from "../capture/dns_summary_ring.ts";
import type { DnsSink } from "../capture/inspect/dns_sink.ts";
import { type FramePool, framePool } from "./frame_pool.ts";
import type { TrafficMix } from "./synthetic_traffic.ts";

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
/** Events are drained as the worker drains them, once per ring batch. */
const DRAIN_EVERY = 256;

/** Counts what the inspector hands it, so the work cannot be optimised away. */
class CountingSink implements DnsSink {
  queries = 0;
  responses = 0;
  query(): void {
    this.queries++;
  }
  response(): void {
    this.responses++;
  }
}

function only(mix: Partial<TrafficMix>, seed: number) {
  return { seed, mix: { ...NO_KIND, ...mix }, vlanShare: 0 };
}

/**
 * UDP/IPv4 datagrams of 1,300 bytes to port 443 that start like a QUIC long header of a version
 * the inspector does not open: the QUIC fast reject (size, header form, version) every large
 * UDP datagram of a video call or a VPN goes through.
 */
function largeUdpPool(count: number): FramePool {
  const frame = 14 + 20 + 8 + 1300;
  const bytes = new Uint8Array(frame * count);
  const offsets = new Uint32Array(count), lengths = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * frame;
    bytes.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00], at);
    const ip = at + 14;
    bytes.set(
      [0x45, 0, (20 + 8 + 1300) >> 8, (20 + 8 + 1300) & 0xff, 0, 1, 0, 0, 64, 17, 0, 0],
      ip,
    );
    bytes.set([10, 0, i >> 8, i & 0xff, 192, 0, 2, 1], ip + 12);
    const udp = ip + 20;
    bytes.set([0xc3, 0x50 + (i & 0xf), 0x01, 0xbb, (8 + 1300) >> 8, (8 + 1300) & 0xff], udp);
    bytes.set([0xc3, 0x12, 0x34, 0x56, 0x78, 8], udp + 8);
    offsets[i] = at;
    lengths[i] = frame;
  }
  return {
    data: new DataView(bytes.buffer),
    offsets,
    lengths,
    tsSec: new Float64Array(count).map((_, i) => 1_700_000_000 + i / 1000),
    tsNsec: new Uint32Array(count),
    count,
  };
}

const CASES: { name: string; pool: FramePool }[] = [
  { name: "TCP/IPv4 segment", pool: framePool(only({ tcp4: 1 }, 1)) },
  { name: "UDP/IPv4 DNS query or answer", pool: framePool(only({ dns4: 1 }, 3)) },
  { name: "UDP/IPv4 1300 bytes on 443, not QUIC we open", pool: largeUdpPool(1024) },
  { name: "default mix", pool: framePool({ seed: 8 }) },
];

for (const { name, pool } of CASES) {
  const packet = new DecodedPacket();
  const inspector = new AppInspector();
  const sink = new CountingSink();
  inspector.countDnsInto(sink);
  // As the capture worker does: each packet's DNS message summarised for the packet list.
  const summaries = new DnsSummaryRing();
  inspector.summariseDnsInto(summaries);
  let i = 0;
  let n = 0;
  Deno.bench({
    name: `decodeFrame() + AppInspector.inspect() ${name}`,
    group: "inspect",
    baseline: name === "default mix",
    fn() {
      const at = pool.offsets[i]!;
      const length = pool.lengths[i]!;
      decodeFrame(DLT_EN10MB, pool.data, at, length, length, packet);
      packet.tsSec = pool.tsSec[i]!;
      packet.tsNsec = pool.tsNsec[i]!;
      summaries.seq = n;
      inspector.inspect(packet, pool.data, at, length);
      if (++n % DRAIN_EVERY === 0 && inspector.pending > 0) inspector.drain();
      i = (i + 1) % pool.count;
    },
  });
}
