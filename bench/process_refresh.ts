/**
 * What a socket scan costs with 10,000 sockets open: one python3 process holds 2,500 TCP
 * connections over loopback (5,000 sockets, both ends) and 5,000 bound UDP sockets, its
 * descriptor limit raised. Measured, as medians of `RUNS`:
 *
 * - reading and parsing /proc/net/{tcp,tcp6,udp,udp6} (every scan does this);
 * - a cold owner lookup of every inode (`findSocketOwners`, the walk over every /proc/PID/fd);
 * - a full `ProcessAttribution.refresh()` cold (every inode asked) and warm (all cached: what
 *   the once-a-second refresh costs in a steady state);
 * - the cold lookup through the helper, over its pipe (JSON both ways).
 *
 * Wall time and this process's CPU time (user + system) are both given: on a shared machine the
 * wall time counts other processes' turns.
 *
 * `deno run -A bench/process_refresh.ts [--sockets N]`
 */
import { readProcNet } from "../procs/proc_net.ts";
import { findSocketOwners } from "../procs/socket_owners.ts";
import { ProcessAttribution } from "../procs/process_attribution.ts";
import { HelperLookup, InProcessLookup } from "../procs/owner_lookup.ts";
import { StatsEngine } from "../stats/engine.ts";
import { formatFixed, formatInt, markdownTable } from "./markdown_table.ts";
import process from "node:process";

const RUNS = 7;
const arg = Deno.args.indexOf("--sockets");
const SOCKETS = arg >= 0 ? Number(Deno.args[arg + 1]) : 10_000;

/** Half TCP (connection pairs over loopback), half bound UDP sockets, in one process. */
const HOLDER = `
import resource, socket, sys
resource.setrlimit(resource.RLIMIT_NOFILE, (${SOCKETS + 1000}, ${SOCKETS + 1000}))
keep = []
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(4096)
for i in range(${SOCKETS / 4}):
    c = socket.create_connection(server.getsockname()); a, _ = server.accept(); keep += [c, a]
for i in range(${SOCKETS / 2}):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0)); keep.append(u)
print(len(keep), flush=True)
sys.stdin.read()
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Wall ms and this process's CPU ms (user + system: the kernel printing /proc/net counts). */
async function timed(run: () => unknown | Promise<unknown>): Promise<[number, number]> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await run();
  const used = process.cpuUsage(cpu);
  return [performance.now() - start, (used.user + used.system) / 1000];
}

/** Median wall and CPU ms of `RUNS` runs, as table cells. */
async function measure(run: () => unknown | Promise<unknown>): Promise<string[]> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const [w, c] = await timed(run);
    wall.push(w);
    cpu.push(c);
  }
  return [formatFixed(median(wall), 1), formatFixed(median(cpu), 1)];
}

const holder = new Deno.Command("python3", {
  args: ["-c", HOLDER],
  stdin: "piped",
  stdout: "piped",
}).spawn();
const reader = holder.stdout.pipeThrough(new TextDecoderStream()).getReader();
try {
  const opened = Number((await reader.read()).value);
  const all = readProcNet();
  const inodes = all.filter((s) => s.inode !== 0).map((s) => s.inode);
  const wanted = new Set(inodes);
  let links = 0;
  const rows: string[][] = [];
  rows.push(["read + parse the 4 tables", ...await measure(() => readProcNet())]);
  rows.push([
    "owners of every inode, cold (/proc/PID/fd walk)",
    ...await measure(() => links = findSocketOwners(wanted).links),
  ]);
  const engine = new StatsEngine({ clock: "wall" });
  const cold = await measure(async () => {
    const a = new ProcessAttribution({ flows: engine.flowTable, lookup: new InProcessLookup() });
    await a.refresh();
  });
  rows.push(["refresh(), cold: tables + every owner", ...cold]);
  const warmAttribution = new ProcessAttribution({
    flows: engine.flowTable,
    lookup: new InProcessLookup(),
  });
  await warmAttribution.refresh();
  rows.push([
    "refresh(), warm: tables, owners cached",
    ...await measure(() => warmAttribution.refresh()),
  ]);
  const helper = HelperLookup.start(undefined);
  try {
    await helper.lookup([1]); // started and answering
    rows.push([
      "owners of every inode through the helper's pipe (CPU: this side only)",
      ...await measure(() => helper.lookup(inodes)),
    ]);
  } finally {
    await helper.close();
  }
  console.log(
    `${formatInt(opened)} sockets held by one process; ${formatInt(inodes.length)} in the ` +
      `tables in all; ${formatInt(links)} fd links walked per cold lookup; median of ${RUNS}`,
  );
  console.log(markdownTable(["step", "wall ms", "CPU ms"], rows));
} finally {
  await holder.stdin.close();
  await reader.cancel();
  await holder.status;
}
