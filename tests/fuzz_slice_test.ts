/**
 * The fuzzer's CI slice: 200,000 seeded mutations of real frames, savefiles, MaxMind databases,
 * display filters, NetFlow/IPFIX datagrams and HTTP request targets (tests/fuzz/), with no throw
 * a parser must not raise, no caught fault, no case over CASE_TIME_LIMIT_MS and bounded memory;
 * then every saved regression input again.
 * `deno task fuzz` runs the full ten million.
 */
import assert from "node:assert/strict";
import { REGRESSIONS, runFuzz } from "./fuzz/fuzz.ts";
import { fuzzTargets } from "./fuzz/targets.ts";

const SLICE_CASES = 200_000;
const SLICE_SEED = 20_261_204;
/** Resident memory the slice may add: the inspector's and reader's fixed tables, with room. */
const MAX_RSS_GROWTH_BYTES = 256 * 1024 * 1024;

Deno.test({
  name: "fuzz slice: 200,000 mutated inputs, no throw, fault or hang, bounded memory",
  sanitizeResources: false,
  async fn() {
    const targets = fuzzTargets();
    assert.equal(targets.length, 6, "every target has seeds");
    const report = await runFuzz(SLICE_CASES, SLICE_SEED, targets);
    const failures = report.failures.map((f) =>
      `${f.kind} ${f.target} #${f.caseNumber}: ${f.message}`
    );
    assert.deepEqual(failures, []);
    for (const t of report.perTarget) assert.ok(t.cases > 0, `${t.name} ran`);
    assert.ok(report.rssGrowthBytes < MAX_RSS_GROWTH_BYTES, `RSS grew ${report.rssGrowthBytes}`);
  },
});

Deno.test("fuzz regressions: every saved failing input runs clean through its target", async () => {
  const targets = fuzzTargets();
  let files: Deno.DirEntry[] = [];
  try {
    files = [...Deno.readDirSync(REGRESSIONS)].filter((f) => f.name.endsWith(".bin"));
  } catch {
    // None saved yet.
  }
  for (const file of files) {
    const prefix = file.name.split("-")[0]!;
    const target = targets.find((t) => t.name.split(" ")[0] === prefix);
    assert.ok(target, `no target for ${file.name}`);
    await target.run(new Uint8Array(Deno.readFileSync(new URL(file.name, REGRESSIONS))));
  }
});
