/**
 * What `--keep` costs a whole run: wirescope serving the 1M-packet synthetic benchmark capture
 * (bench/out/synthetic-1m.pcap, made by `deno task bench`), timed from start to "read N
 * packets", without and with `--keep 64m`, alternating in the same run so the machine's load
 * weighs on both alike. `--keep` is only for served runs (it is refused with --report), so this
 * times the served run. Prints the median of each and their ratio.
 *
 *   deno run -A bench/keep_file_bench.ts [rounds]
 */
import { START_FLAGS } from "../tests/support/run_cli.ts";
import { ensureCapture, OUT_DIR } from "./capture_cache.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const ROUNDS = Number(Deno.args[0] ?? 2);

async function timeRun(extra: string[], path: string): Promise<number> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...START_FLAGS, MAIN, "-r", path, "--port", "0", "--no-db", ...extra],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  try {
    while (!/read [\d,]+ packets/.test(seen)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`wirescope ended early: ${seen}`);
      seen += value;
    }
    return performance.now() - started;
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const capture = ensureCapture(OUT_DIR, 1_000_000, 1);
const without: number[] = [];
const withKeep: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  without.push(await timeRun([], capture.path));
  withKeep.push(await timeRun(["--keep", "64m"], capture.path));
  console.log(
    `round ${round + 1}: ${without.at(-1)!.toFixed(0)} ms, --keep 64m ${
      withKeep.at(-1)!.toFixed(0)
    } ms`,
  );
}
const a = median(without);
const b = median(withKeep);
console.log(
  `median: ${a.toFixed(0)} ms without, ${b.toFixed(0)} ms with --keep 64m (x${(b / a).toFixed(3)})`,
);
