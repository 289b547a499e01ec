/**
 * Runs an allocation probe: a script that loops over a hot path between two forced collections
 * (`gc()` shows as "testing" under `--trace-gc`) and prints one JSON line with its figures. If
 * the loop allocated even one small object per iteration, V8 would collect during it; zero
 * collections between the two forced ones, plus a tiny heap growth, mean the loop allocated
 * nothing. The probes are statistical, so they run in their own task (`deno task test:alloc`).
 */
import assert from "node:assert/strict";

/** A fixed ~50-90 KiB, the same for 1M or 4M iterations, is V8's compiled-code bookkeeping. */
const MAX_HEAP_GROWTH_BYTES = 256 * 1024;

export interface ProbeResult {
  heapGrowth: number;
  ms: number;
  [figure: string]: number;
}

/** Run `probe` with `args` and V8 `flags` (besides --trace-gc and --expose-gc) and check it. */
export async function runAllocationProbe(
  probe: URL,
  args: string[],
  flags: string[] = [],
): Promise<ProbeResult> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      `--v8-flags=${["--trace-gc", "--expose-gc", ...flags].join(",")}`,
      probe.pathname,
      ...args,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  const lines = new TextDecoder().decode(stdout).split("\n");
  const result = JSON.parse(lines.find((l) => l.startsWith("{"))!) as ProbeResult;
  const gcLines = lines.filter((l) => /Scavenge|Mark-Compact|Minor|Mark-Sweep/.test(l));
  const forced = gcLines.flatMap((l, i) => (l.includes("testing") ? [i] : []));
  assert.equal(forced.length, 2, gcLines.join("\n"));
  assert.deepEqual(gcLines.slice(forced[0]! + 1, forced[1]), [], "collections during the loop");
  assert.ok(result.heapGrowth < MAX_HEAP_GROWTH_BYTES, `heap grew ${result.heapGrowth} bytes`);
  return result;
}
