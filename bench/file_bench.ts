/**
 * `deno task bench`: wirescope against the references on one synthetic capture, in one run.
 *
 * Generates bench/out/synthetic-1m.pcap once (a later run reuses it when its parameters and
 * the generator version match), compiles the C reader, then times every reader N times,
 * round-robin so that drift on the machine spreads over all of them, after one untimed warm-up
 * run each (page cache, Deno's module cache). Times are wall clock from spawn to exit: end to
 * end, process start included, the same for everyone. Prints a Markdown table and writes the
 * raw figures to bench/out/file_bench.json. Exits 1 if a reader failed or miscounted.
 *
 *   deno run -A bench/file_bench.ts [--runs 5] [--packets 1000000] [--seed 1]
 *                                   [--readers c,tcpdump,tshark,ffi,decode,stats,wirescope,
 *                                    wirescope-no-alerts,wirescope-payload,wirescope-no-names,
 *                                    wirescope-w,wirescope-w-pcapng]
 */
import { parseArgs } from "node:util";
import { fileReaders, type Reader, tcpdumpCount } from "./file_readers.ts";
import { peerReaders } from "./peer_readers.ts";
import { formatFixed, formatInt, markdownTable } from "./markdown_table.ts";
import { hasGnuTime, measure, median } from "./measure.ts";
import { ensureCapture, OUT_DIR } from "./capture_cache.ts";
import type { CaptureSummary } from "./synthetic_capture.ts";

const DEFAULT_RUNS = 5;
const DEFAULT_PACKETS = 1_000_000;
const NS_PER_SEC = 1e9;
/** The throughput targets for files, printed under the table. */
const TARGET_PPS = 2_000_000;
const TARGET_C_RATIO = 0.25;
const TARGET_TSHARK_FACTOR = 10;
const TARGET_RSS_MB = 150;

interface ReaderResult {
  reader: Reader;
  seconds: number[];
  peakRssMb: number[];
  counts: (number | undefined)[];
  failure?: string;
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: "string", default: String(DEFAULT_RUNS) },
      packets: { type: "string", default: String(DEFAULT_PACKETS) },
      seed: { type: "string", default: "1" },
      readers: { type: "string" },
      "no-warmup": { type: "boolean", default: false },
    },
  });
  const runs = Number(values.runs), packets = Number(values.packets), seed = Number(values.seed);
  if (!(Number.isInteger(runs) && runs >= 1)) {
    throw new TypeError(`--runs ${values.runs}: not >= 1`);
  }
  const started = performance.now();
  const { path, summary, reused } = ensureCapture(OUT_DIR, packets, seed);
  const made = reused
    ? "reused"
    : `generated in ${formatFixed((performance.now() - started) / 1000, 1)} s`;
  console.log(
    `Capture: ${path}: ${formatInt(summary.packets)} packets, ` +
      `${formatFixed(summary.fileBytes / 1e6, 0)} MB, ${formatInt(summary.flows)} flows (${made})`,
  );
  const wanted = values.readers?.split(",");
  const readers = [...await fileReaders(path, OUT_DIR), ...peerReaders(path, OUT_DIR)].filter((r) =>
    !wanted || wanted.includes(r.id)
  );
  for (const r of readers) if (r.skip) console.log(`Skipping ${r.name}: ${r.skip}`);
  const results: ReaderResult[] = readers.filter((r) => !r.skip).map((reader) => ({
    reader,
    seconds: [],
    peakRssMb: [],
    counts: [],
  }));
  if (!values["no-warmup"]) {
    await warmUp(path);
    for (const result of results) await runOnce(result, false);
  }
  for (let run = 1; run <= runs; run++) {
    console.log(`Run ${run}/${runs}...`);
    for (const result of results) if (!result.failure) await runOnce(result, true);
  }
  const tcpdump = results.find((r) => r.reader.id === "tcpdump");
  if (tcpdump && !tcpdump.failure) tcpdump.counts = [await tcpdumpCount(path)];
  return report(results, summary, runs);
}

async function warmUp(path: string): Promise<void> {
  // Read the whole file once so that the first timed reader does not pay for the disk.
  using file = await Deno.open(path);
  const buffer = new Uint8Array(1 << 20);
  while ((await file.read(buffer)) !== null) { /* reading is the point */ }
}

async function runOnce(result: ReaderResult, keep: boolean): Promise<void> {
  const m = await measure(result.reader.command);
  if (m.code !== 0) {
    const detail = (m.stderr.trim().split("\n").at(-1) ?? "") || `exit ${m.code}`;
    result.failure = `exit ${m.code}: ${detail}`;
    return;
  }
  if (!keep) return;
  result.seconds.push(m.seconds);
  if (m.peakRssMb !== undefined) result.peakRssMb.push(m.peakRssMb);
  result.counts.push(result.reader.count(m));
}

function report(results: ReaderResult[], summary: CaptureSummary, runs: number): number {
  const pps = (r: ReaderResult) => r.seconds.map((s) => summary.packets / s);
  const byId = (id: string) => results.find((r) => r.reader.id === id && r.seconds.length > 0);
  const c = byId("c");
  const cPps = c ? median(pps(c)) : undefined;
  const rows = results.filter((r) => r.seconds.length > 0).map((r) => {
    const rates = pps(r), mid = median(rates);
    return [
      r.reader.name,
      formatInt(mid),
      `${formatInt(Math.min(...rates))} - ${formatInt(Math.max(...rates))}`,
      formatFixed(NS_PER_SEC / mid, 0),
      r.peakRssMb.length ? formatFixed(Math.max(...r.peakRssMb), 1) : "-",
      cPps === undefined ? "-" : formatFixed(mid / cPps, 2),
    ];
  });
  const cpu = cpuModel();
  console.log(
    `\n${formatInt(summary.packets)} packets, ${runs} runs each, ` +
      `${navigator.hardwareConcurrency} CPUs${
        cpu ? ` (${cpu})` : ""
      }, Deno ${Deno.version.deno}. ` +
      `Wall time from spawn to exit; peak RSS from ${hasGnuTime() ? "GNU time" : "/proc VmHWM"}.\n`,
  );
  console.log(markdownTable(
    ["Reader", "Packets/s (median)", "Spread (min - max)", "ns/packet", "Peak RSS MB", "vs C"],
    rows,
  ));
  let status = 0;
  for (const r of results) {
    if (r.failure) {
      console.log(`FAILED ${r.reader.name}: ${r.failure}`);
      status = 1;
    }
    const wrong = r.counts.filter((n) => n !== undefined && n !== summary.packets);
    if (wrong.length) {
      console.log(`MISCOUNT ${r.reader.name}: read ${wrong[0]} packets of ${summary.packets}`);
      status = 1;
    }
  }
  printStages(byId, summary.packets);
  printTargets(byId("wirescope"), cPps, byId("tshark"), summary.packets);
  Deno.writeTextFileSync(
    `${OUT_DIR}/file_bench.json`,
    JSON.stringify({ date: new Date().toISOString(), summary, results: results.map(raw) }, null, 2),
  );
  return status;
}

/** What each wirescope stage adds per packet: differences of median wall ns/packet. */
function printStages(byId: (id: string) => ReaderResult | undefined, packets: number): void {
  const ns = (id: string) => {
    const r = byId(id);
    return r ? median(r.seconds) * NS_PER_SEC / packets : undefined;
  };
  const stages: [string, string, string][] = [
    ["libpcap in C", "", "c"],
    ["FFI boundary and Deno start", "c", "ffi"],
    ["decoder", "ffi", "decode"],
    ["statistics", "decode", "stats"],
    ["worker, ring and report", "stats", "wirescope"],
  ];
  const lines = stages.flatMap(([label, from, to]) => {
    const a = from ? ns(from) : 0, b = ns(to);
    return a === undefined || b === undefined ? [] : [`  ${label}: ${formatFixed(b - a, 0)} ns`];
  });
  if (lines.length) {
    console.log(`\nCost per packet by stage (wall time differences):\n${lines.join("\n")}`);
  }
}

function printTargets(
  wirescope: ReaderResult | undefined,
  cPps: number | undefined,
  tshark: ReaderResult | undefined,
  packets: number,
): void {
  if (!wirescope) return;
  const pps = median(wirescope.seconds.map((s) => packets / s));
  const verdict = (ok: boolean) => ok ? "met" : "NOT met";
  const lines = [
    `  >= ${formatInt(TARGET_PPS)} packets/s: ${formatInt(pps)}, ${verdict(pps >= TARGET_PPS)}`,
  ];
  if (cPps) {
    const ratio = pps / cPps;
    lines.push(
      `  >= ${TARGET_C_RATIO} of the C reader: ${formatFixed(ratio, 2)}, ${
        verdict(ratio >= TARGET_C_RATIO)
      }`,
    );
  }
  if (tshark) {
    const factor = pps / median(tshark.seconds.map((s) => packets / s));
    lines.push(
      `  >= ${TARGET_TSHARK_FACTOR}x tshark: ${formatFixed(factor, 1)}x, ${
        verdict(factor >= TARGET_TSHARK_FACTOR)
      }`,
    );
  }
  if (wirescope.peakRssMb.length) {
    const rss = Math.max(...wirescope.peakRssMb);
    lines.push(
      `  < ${TARGET_RSS_MB} MB peak RSS: ${formatFixed(rss, 1)} MB, ${
        verdict(rss < TARGET_RSS_MB)
      }`,
    );
  }
  console.log(`\nFile targets, wirescope end to end:\n${lines.join("\n")}`);
}

function raw(r: ReaderResult) {
  const { reader, ...rest } = r;
  return { id: reader.id, name: reader.name, command: reader.command, ...rest };
}

function cpuModel(): string | undefined {
  try {
    return Deno.readTextFileSync("/proc/cpuinfo").match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim();
  } catch {
    return undefined;
  }
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    console.error(`file_bench: ${error instanceof Error ? error.message : String(error)}`);
    Deno.exit(2);
  }
}
