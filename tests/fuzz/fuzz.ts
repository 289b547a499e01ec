/**
 * `deno task fuzz [--cases N] [--seed S]`: a seeded mutation fuzzer over the parsers that read
 * outside bytes (tests/fuzz/targets.ts). Prints cases per second per target and every failure
 * (a throw the parser must not raise, a caught fault, a case slower than CASE_TIME_LIMIT_MS);
 * failing inputs are saved under tests/fuzz/regressions/ for the CI slice to replay. Exit
 * status 1 on any failure.
 */
import { type FuzzTarget, fuzzTargets } from "./targets.ts";
import { mutate, Rng } from "./mutator.ts";

/** Default run: the ten million cases. */
export const DEFAULT_CASES = 10_000_000;
/**
 * A case slower than this counts as a hang. Parsers need microseconds; the bound is wide because
 * the savefile target writes a file per case and this machine is shared (one 262 ms case in a
 * 200,000-case slice ran in 4 ms when replayed).
 */
export const CASE_TIME_LIMIT_MS = 1000;
/** Where failing inputs are kept, one file each, named by target and case. */
export const REGRESSIONS = new URL("./regressions/", import.meta.url);

export interface FuzzFailure {
  target: string;
  caseNumber: number;
  kind: "throw" | "hang";
  message: string;
  input: Uint8Array;
}

export interface FuzzReport {
  cases: number;
  seconds: number;
  perTarget: { name: string; cases: number; casesPerSecond: number }[];
  failures: FuzzFailure[];
  rssGrowthBytes: number;
}

/** Run `cases` cases from `seed`, spread over the targets by their share. */
export async function runFuzz(
  cases: number,
  seed: number,
  targets: FuzzTarget[],
): Promise<FuzzReport> {
  const rng = new Rng(seed);
  const totalShare = targets.reduce((n, t) => n + t.share, 0);
  const counts = targets.map(() => 0);
  const times = targets.map(() => 0);
  const failures: FuzzFailure[] = [];
  const rssBefore = Deno.memoryUsage().rss;
  const started = performance.now();
  for (let c = 0; c < cases; c++) {
    let pick = rng.below(totalShare);
    let t = 0;
    while (pick >= targets[t]!.share) pick -= targets[t++]!.share;
    const target = targets[t]!;
    const seeds = target.seeds;
    const input = mutate(seeds[rng.below(seeds.length)]!, seeds[rng.below(seeds.length)]!, rng);
    const before = performance.now();
    try {
      // Awaited only when the target returns a promise: the others stay one synchronous loop.
      const pending = target.run(input);
      if (pending) await pending;
    } catch (error) {
      failures.push({
        target: target.name,
        caseNumber: c,
        kind: "throw",
        message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        input,
      });
    }
    const took = performance.now() - before;
    if (took > CASE_TIME_LIMIT_MS) {
      failures.push({
        target: target.name,
        caseNumber: c,
        kind: "hang",
        message: `${took.toFixed(0)} ms`,
        input,
      });
    }
    counts[t]!++;
    times[t]! += took;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    cases,
    seconds,
    perTarget: targets.map((target, i) => ({
      name: target.name,
      cases: counts[i]!,
      casesPerSecond: counts[i]! / Math.max(times[i]! / 1000, 1e-9),
    })),
    failures,
    rssGrowthBytes: Deno.memoryUsage().rss - rssBefore,
  };
}

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`fuzz: Invalid ${name} "${args[i + 1]}": expected a whole number`);
    Deno.exit(2);
  }
  return value;
}

if (import.meta.main) {
  const cases = flag(Deno.args, "--cases", DEFAULT_CASES);
  const seed = flag(Deno.args, "--seed", 1);
  const targets = fuzzTargets();
  const report = await runFuzz(cases, seed, targets);
  for (const t of report.perTarget) {
    console.log(`${t.name}: ${t.cases} cases, ${Math.round(t.casesPerSecond)} cases/s`);
  }
  console.log(
    `${report.cases} cases in ${report.seconds.toFixed(1)} s ` +
      `(${Math.round(report.cases / report.seconds)} cases/s), seed ${seed}, ` +
      `${report.failures.length} failures, RSS ${
        (report.rssGrowthBytes / 1048576).toFixed(1)
      } MiB more`,
  );
  for (const f of report.failures.slice(0, 20)) {
    const name = `${f.target.split(" ")[0]}-${seed}-${f.caseNumber}.bin`;
    Deno.mkdirSync(REGRESSIONS, { recursive: true });
    Deno.writeFileSync(new URL(name, REGRESSIONS), f.input);
    console.log(`FAIL ${f.kind} ${f.target} case ${f.caseNumber}: ${f.message} (saved ${name})`);
  }
  Deno.exit(report.failures.length > 0 ? 1 : 0);
}
