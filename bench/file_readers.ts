/**
 * The readers `file_bench.ts` times on one capture: the references (the C libpcap reader,
 * tcpdump, tshark) and wirescope's stages (bare FFI loop, + decoder, + statistics, the whole
 * CLI). Each one says how to run it and how to find the packet count in what it printed, or
 * why it cannot run here.
 */
import type { Measurement } from "./measure.ts";
import { generateCapture } from "./synthetic_capture.ts";
// The permissions of `deno task start`: wirescope must not be measured with more.
import { START_FLAGS } from "../tests/support/run_cli.ts";

export interface Reader {
  /** Short id used by `--readers`. */
  id: string;
  /** Label in the table. */
  name: string;
  /** Program and arguments; the capture path is already in them. */
  command: string[];
  /** Packets the reader says it read, or undefined if its output does not say. */
  count(run: Measurement): number | undefined;
  /** Why the reader is left out, when it is. */
  skip?: string;
}

const BENCH_DIR = new URL(".", import.meta.url).pathname;
const ROOT_DIR = new URL("..", import.meta.url).pathname;
/** What the bench's own Deno scripts need: libpcap through FFI and the capture file. */
const LOOP_PERMISSIONS = ["--allow-ffi", "--allow-read", "--allow-env"];

/** All readers, in table order; those that cannot run carry `skip`. */
export async function fileReaders(capture: string, outDir: string): Promise<Reader[]> {
  const deno = Deno.execPath();
  const loop = (script: string) => [deno, "run", ...LOOP_PERMISSIONS, BENCH_DIR + script, capture];
  const cReader = `${outDir}/c_reader`;
  return [
    {
      id: "c",
      name: "C libpcap reader (bench/c_reader.c)",
      command: [cReader, capture],
      count: jsonPackets,
      ...skipIf(await compileCReader(cReader)),
    },
    {
      id: "tcpdump",
      name: "tcpdump -r F -w /dev/null",
      command: ["tcpdump", "-r", capture, "-w", "/dev/null"],
      // tcpdump says nothing of the count when it writes: file_bench counts it once apart.
      count: () => undefined,
      ...skipIf(missingTool("tcpdump")),
    },
    {
      id: "tshark",
      name: "tshark -q -z io,phs",
      command: ["tshark", "-r", capture, "-q", "-z", "io,phs"],
      count: tsharkFrames,
      ...skipIf(missingTool("tshark")),
    },
    {
      id: "ffi",
      name: "Deno FFI pcap_next_ex loop",
      command: loop("ffi_loop.ts"),
      count: jsonPackets,
    },
    {
      id: "decode",
      name: "wirescope read + decode",
      command: loop("decode_loop.ts"),
      count: jsonPackets,
    },
    {
      id: "stats",
      name: "wirescope read + decode + stats",
      command: loop("stats_loop.ts"),
      count: jsonPackets,
      ...skipIf(missingFile(`${ROOT_DIR}stats/engine.ts`)),
    },
    {
      id: "wirescope",
      name: "wirescope end to end (main.ts -r F --report json)",
      command: wirescopeCommand(capture),
      count: jsonPackets,
      ...skipIf(await probeWirescope()),
    },
    {
      // What the alert detectors cost the main thread, next to the row above it in the same run.
      id: "wirescope-no-alerts",
      name: "wirescope end to end, --no-alerts",
      command: [...wirescopeCommand(capture), "--no-alerts"],
      count: jsonPackets,
      ...skipIf(await probeWirescope()),
    },
    {
      // The opt-in payload scan in the capture worker (entropy and three RE2 rules), next to
      // the rows above it (off, the default) in the same run.
      id: "wirescope-payload",
      name: "wirescope end to end, --alert-payload --payload-rules (3 rules)",
      command: [
        ...wirescopeCommand(capture),
        "--alert-payload",
        "--payload-rules",
        payloadRulesFile(capture),
      ],
      count: jsonPackets,
      ...skipIf(await probeWirescope()),
    },
    {
      id: "wirescope-no-names",
      name: "wirescope end to end, --no-names",
      command: [...wirescopeCommand(capture), "--no-names"],
      count: jsonPackets,
      ...skipIf(await probeWirescope()),
    },
    {
      // What -w costs the capture worker: every packet copied into the savefile writer, next to
      // the row above it in the same run (/dev/null, as tcpdump's row, so disk speed is not in).
      id: "wirescope-w",
      name: "wirescope end to end, -w /dev/null",
      command: [...wirescopeCommand(capture), "-w", "/dev/null"],
      count: jsonPackets,
      ...skipIf(await probeWirescope()),
    },
    {
      id: "wirescope-w-pcapng",
      name: "wirescope end to end, -w /dev/null --pcapng",
      command: [...wirescopeCommand(capture), "-w", "/dev/null", "--pcapng"],
      count: jsonPackets,
      ...skipIf(await probeWirescope()),
    },
  ];
}

/** `deno run ... main.ts -r FILE --report json`, as a user runs it. */
/**
 * Three rules of the kinds users write (a path, a case-blind SQL keyword pair, a header), next
 * to the capture, readable by the user wirescope drops to.
 */
const BENCH_PAYLOAD_RULES = "etc-passwd /etc/passwd\n" +
  "sql-union (?i)union\\s+select\n" +
  "basic-auth (?i)authorization:\\s*basic\\s\n";

function payloadRulesFile(capture: string): string {
  const path = `${capture.slice(0, capture.lastIndexOf("/"))}/payload_rules.txt`;
  Deno.writeTextFileSync(path, BENCH_PAYLOAD_RULES, { mode: 0o644 });
  return path;
}

export function wirescopeCommand(capture: string): string[] {
  return [
    Deno.execPath(),
    "run",
    ...START_FLAGS,
    `${ROOT_DIR}main.ts`,
    "-r",
    capture,
    "--report",
    "json",
  ];
}

/** The packet count `tcpdump -r F --count` reports, or undefined. */
export async function tcpdumpCount(capture: string): Promise<number | undefined> {
  const out = await new Deno.Command("tcpdump", {
    args: ["-r", capture, "--count"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  const match = text.match(/^(\d+) packets?$/m);
  return match ? Number(match[1]) : undefined;
}

/** `packets` of the last JSON object printed on stdout (a one-line or pretty report). */
export function jsonPackets(run: Measurement): number | undefined {
  const text = run.stdout.trim();
  for (const candidate of [text, text.slice(text.lastIndexOf("\n{") + 1)]) {
    try {
      const value = JSON.parse(candidate);
      if (typeof value?.packets === "number") return value.packets;
    } catch {
      // not JSON: try the next candidate
    }
  }
  return undefined;
}

/** Sum of the top-level protocols' frames in tshark's protocol hierarchy (io,phs). */
export function tsharkFrames(run: Measurement): number | undefined {
  const tops = [...run.stdout.matchAll(/^\S+\s+frames:(\d+) bytes:\d+$/gm)];
  return tops.length ? tops.reduce((sum, m) => sum + Number(m[1]), 0) : undefined;
}

function skipIf(reason: string | undefined): { skip?: string } {
  return reason === undefined ? {} : { skip: reason };
}

function missingTool(tool: string): string | undefined {
  try {
    new Deno.Command(tool, { args: ["--version"], stdout: "null", stderr: "null" }).outputSync();
    return undefined;
  } catch {
    return `${tool} is not installed`;
  }
}

function missingFile(path: string): string | undefined {
  try {
    Deno.statSync(path);
    return undefined;
  } catch {
    return `${path.slice(ROOT_DIR.length)} does not exist yet`;
  }
}

/** Compiles bench/c_reader.c with `cc -O2`; returns why it could not, if it could not. */
async function compileCReader(output: string): Promise<string | undefined> {
  const args = ["-O2", "-o", output, `${BENCH_DIR}c_reader.c`, "-lpcap"];
  try {
    const out = await new Deno.Command("cc", { args, stdout: "null", stderr: "piped" }).output();
    if (out.success) return undefined;
    const first = new TextDecoder().decode(out.stderr).trim().split("\n")[0];
    return `cc could not compile bench/c_reader.c (libpcap-dev missing?): ${first}`;
  } catch {
    return "no C compiler (cc) on PATH";
  }
}

/**
 * Whether the CLI already works on files: run it on a small shared capture and expect a JSON
 * report with a packet count. The lead is wiring it while this bench is written.
 */
async function probeWirescope(): Promise<string | undefined> {
  const missing = missingFile(`${ROOT_DIR}main.ts`);
  if (missing) return missing;
  const probe = await Deno.makeTempFile({ prefix: "wirescope-probe-", suffix: ".pcap" });
  generateCapture({ packets: 100, seed: 1, path: probe });
  try {
    const command = wirescopeCommand(probe);
    const out = await new Deno.Command(command[0]!, {
      args: command.slice(1),
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    const packets = jsonPackets({ stdout, stderr: "", code: out.code, seconds: 0, peakRssMb: 0 });
    if (out.success && packets === 100) return undefined;
    const detail = new TextDecoder().decode(out.stderr).trim().split("\n")[0] ||
      stdout.slice(0, 80);
    return `main.ts -r FILE --report json does not work yet: ${detail || `exit ${out.code}`}`;
  } finally {
    await Deno.remove(probe).catch(() => {});
  }
}
