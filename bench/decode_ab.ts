/**
 * Before/after cost of decode, and of decode + name reading, on Ethernet/IPv4 frames, with each
 * checkout in processes of its own (`inspect_ab.ts` loads both into one process, where the
 * shared timing loop sees two decoders and two packet classes). Processes of the two checkouts
 * alternate A B, B A, A B...; each times its rounds in its own CPU time (`process.cpuUsage()`),
 * which a loaded machine's other tenants disturb far less than wall time.
 *
 *   git worktree add --detach /tmp/before BASE
 *   deno run -A bench/decode_ab.ts /tmp/before . [--runs 12] [--frames 400000]
 *
 * Prints, per kind of frame, the median and range over runs of each side's CPU ns per frame.
 * Frames come from this checkout's `frame_pool.ts`, so both sides decode the same bytes.
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { framePool } from "./frame_pool.ts";
import { KIND_NAMES, type TrafficMix } from "./synthetic_traffic.ts";

const DLT_EN10MB = 1;
/** Events drained as the capture worker drains them, once per ring batch. */
const DRAIN_EVERY = 256;
/** Timed rounds per process, after two to warm up; the process reports their median. */
const ROUNDS = 3;
/** Every kind off, so that a mix names only the kinds it keeps. */
const NO_KIND = Object.fromEntries(KIND_NAMES.map((kind) => [kind, 0])) as TrafficMix;
const KINDS: [string, Partial<TrafficMix>, number][] = [
  ["TCP/IPv4", { tcp4: 1 }, 1],
  ["UDP/IPv4", { udp4: 1 }, 5],
  ["DNS/IPv4", { dns4: 1 }, 3],
  ["ICMP/IPv4", { icmp4: 1 }, 6],
  ["Ethernet/IPv4 mix", { tcp4: 6, udp4: 2, dns4: 1, icmp4: 1 }, 9],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** One checkout, in this process: CPU ns per frame for each kind, decode and decode+inspect. */
async function measureSide(dir: string, frames: number): Promise<Record<string, number>> {
  const root = new URL(`${dir.replace(/\/?$/, "/")}`, `file://${Deno.cwd()}/`);
  const decoder = await import(new URL("capture/decode/decoder.ts", root).href);
  const packets = await import(new URL("capture/decode/packet.ts", root).href);
  const inspect = await import(new URL("capture/inspect/app_inspector.ts", root).href);
  const result: Record<string, number> = {};
  for (const [name, mix, seed] of KINDS) {
    const pool = framePool({ seed, mix: { ...NO_KIND, ...mix }, vlanShare: 0 });
    for (const inspecting of [false, true]) {
      const packet = new packets.DecodedPacket();
      const inspector = new inspect.AppInspector();
      inspector.countDnsInto({ query() {}, response() {} });
      const round = (r: number) => {
        const start = process.cpuUsage();
        let i = 0;
        for (let n = 0; n < frames; n++) {
          const at = pool.offsets[i]!, length = pool.lengths[i]!;
          decoder.decodeFrame(DLT_EN10MB, pool.data, at, length, length, packet);
          if (inspecting) {
            // Later rounds are later in packet time, so no flow looks like a retransmission.
            packet.tsSec = pool.tsSec[i]! + r * 3600;
            packet.tsNsec = pool.tsNsec[i]!;
            inspector.inspect(packet, pool.data, at, length);
            if (n % DRAIN_EVERY === 0 && inspector.pending > 0) inspector.drain();
          }
          if (++i === pool.count) i = 0;
        }
        const used = process.cpuUsage(start);
        return (used.user + used.system) * 1000 / frames;
      };
      round(0);
      round(1);
      const times = Array.from({ length: ROUNDS }, (_, r) => round(r + 2));
      result[`${name}${inspecting ? ", + names" : ", decode"}`] = median(times);
    }
  }
  return result;
}

async function runSide(dir: string, frames: number): Promise<Record<string, number>> {
  const self = new URL(import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", self, "--side", dir, "--frames", String(frames)],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`Cannot measure ${dir}: exit ${out.code}`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

if (import.meta.main) {
  const args = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      runs: { type: "string", default: "12" },
      frames: { type: "string", default: "400000" },
      side: { type: "string" },
    },
  });
  const frames = Number(args.values.frames);
  if (args.values.side) {
    console.log(JSON.stringify(await measureSide(args.values.side, frames)));
  } else {
    const [before, after] = args.positionals;
    if (!before || !after) {
      console.error("Usage: deno run -A bench/decode_ab.ts BEFORE_DIR AFTER_DIR [--runs N]");
      Deno.exit(2);
    }
    const runs: Record<"before" | "after", Record<string, number>[]> = { before: [], after: [] };
    for (let r = 0; r < Number(args.values.runs); r++) {
      const order = r % 2 === 0 ? ["before", "after"] as const : ["after", "before"] as const;
      for (const side of order) {
        runs[side].push(await runSide(side === "before" ? before : after, frames));
      }
    }
    for (const kind of Object.keys(runs.before[0]!)) {
      const b = runs.before.map((x) => x[kind]!), a = runs.after.map((x) => x[kind]!);
      const [mb, ma] = [median(b), median(a)];
      const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
      const change = `${ma >= mb ? "+" : ""}${(100 * (ma / mb - 1)).toFixed(1)}%`;
      console.log(
        `${kind.padEnd(34)} median ${mb.toFixed(1)} -> ${ma.toFixed(1)} ns (${change}); ` +
          `range ${range(b)} -> ${range(a)} ns`,
      );
    }
  }
}
