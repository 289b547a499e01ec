/**
 * Before/after cost of the capture worker's decode + name reading on one machine, in one run:
 * two checkouts of wirescope (for example `git archive BASE | tar -x -C /tmp/before`, and this
 * one) are loaded side by side in one process and fed the same synthetic frames in alternating
 * rounds. Each round is timed in CPU time of this process (`process.cpuUsage()`), not wall
 * time: on a shared machine whose load swings, wall time mostly measures the other tenants.
 *
 *   deno run -A bench/inspect_ab.ts /tmp/before . [--frames 300000] [--rounds 15] [--only DNS]
 *
 * Prints, per kind of traffic, the median and the minimum nanoseconds per frame of each side.
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { type FramePool, framePool } from "./frame_pool.ts";
import type { TrafficMix } from "./synthetic_traffic.ts";
import type { DecodedPacket } from "../capture/decode/packet.ts";
import type { AppInspector } from "../capture/inspect/app_inspector.ts";

const DLT_EN10MB = 1;
/** Events drained as the worker drains them, once per ring batch. */
const DRAIN_EVERY = 256;
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
const only = (mix: Partial<TrafficMix>, seed: number) => ({
  seed,
  mix: { ...NO_KIND, ...mix },
  vlanShare: 0,
});

/** One checkout's decoder and inspector, with its own reused packet. */
interface Side {
  decode: (
    linkType: number,
    data: DataView,
    offset: number,
    caplen: number,
    wireLen: number,
    out: DecodedPacket,
  ) => void;
  packet: DecodedPacket;
  inspector: AppInspector;
}

async function load(dir: string): Promise<Side> {
  const root = new URL(`${dir.replace(/\/?$/, "/")}`, `file://${Deno.cwd()}/`);
  const decoder = await import(new URL("capture/decode/decoder.ts", root).href);
  const packets = await import(new URL("capture/decode/packet.ts", root).href);
  const inspect = await import(new URL("capture/inspect/app_inspector.ts", root).href);
  const inspector = new inspect.AppInspector() as AppInspector;
  inspector.countDnsInto({ query() {}, response() {} });
  return { decode: decoder.decodeFrame, packet: new packets.DecodedPacket(), inspector };
}

/** CPU nanoseconds per frame of `frames` frames of `pool` through `side`. */
function run(side: Side, pool: FramePool, frames: number, round: number): number {
  const start = process.cpuUsage();
  let i = 0;
  for (let n = 0; n < frames; n++) {
    const at = pool.offsets[i]!;
    const length = pool.lengths[i]!;
    side.decode(DLT_EN10MB, pool.data, at, length, length, side.packet);
    // Later rounds are later in packet time, so that no flow looks like a retransmission.
    side.packet.tsSec = pool.tsSec[i]! + round * 3600;
    side.packet.tsNsec = pool.tsNsec[i]!;
    side.inspector.inspect(side.packet, pool.data, at, length);
    if (n % DRAIN_EVERY === 0 && side.inspector.pending > 0) side.inspector.drain();
    if (++i === pool.count) i = 0;
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) * 1000 / frames;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const change = (before: number, after: number) =>
  `${after >= before ? "+" : ""}${(100 * (after / before - 1)).toFixed(1)}%`;

if (import.meta.main) {
  const args = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      frames: { type: "string", default: "300000" },
      rounds: { type: "string", default: "15" },
      only: { type: "string", default: "" },
    },
  });
  const [beforeDir, afterDir] = args.positionals;
  if (!beforeDir || !afterDir) {
    console.error("Usage: deno run -A bench/inspect_ab.ts BEFORE_DIR AFTER_DIR [--frames N]");
    Deno.exit(2);
  }
  const frames = Number(args.values.frames);
  const rounds = Number(args.values.rounds);
  const cases: [string, FramePool][] = [
    ["TCP/IPv4", framePool(only({ tcp4: 1 }, 1))],
    ["UDP/IPv4 other", framePool(only({ udp4: 1 }, 5))],
    ["ICMP/IPv4", framePool(only({ icmp4: 1 }, 6))],
    ["UDP/IPv4 DNS", framePool(only({ dns4: 1 }, 3))],
    [
      "Ethernet/IPv4 mix (TCP, UDP, DNS, ICMP)",
      framePool(only({ tcp4: 6, udp4: 2, dns4: 1, icmp4: 1 }, 9)),
    ],
    ["default mix (IPv4, IPv6, ARP, VLAN)", framePool({ seed: 8 })],
  ];
  for (const [name, pool] of cases.filter(([n]) => n.includes(args.values.only))) {
    const before = await load(beforeDir);
    const after = await load(afterDir);
    run(before, pool, frames, 0); // warm up both
    run(after, pool, frames, 0);
    const times = { before: [] as number[], after: [] as number[] };
    for (let r = 1; r <= rounds; r++) {
      // Alternate which side goes first, so neither always runs on a warmer cache.
      const order = r % 2 === 0 ? ["before", "after"] as const : ["after", "before"] as const;
      for (const side of order) {
        times[side].push(run(side === "before" ? before : after, pool, frames, r));
      }
    }
    const [mb, ma] = [median(times.before), median(times.after)];
    const [nb, na] = [Math.min(...times.before), Math.min(...times.after)];
    console.log(
      `${name.padEnd(42)} median ${mb.toFixed(0)} -> ${ma.toFixed(0)} ns (${change(mb, ma)}), ` +
        `min ${nb.toFixed(0)} -> ${na.toFixed(0)} ns (${change(nb, na)})`,
    );
  }
}
