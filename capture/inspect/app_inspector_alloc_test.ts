import assert from "node:assert/strict";
import { runAllocationProbe } from "../../tests/support/allocation_probe.ts";

const PROBE = new URL("./testdata/allocation_probe.ts", import.meta.url);
/**
 * An 8 MB young generation: the smallest heap object takes 16 bytes, so one allocation per
 * frame (16 MB over the million) still forces a collection inside the loop, while the few
 * hundred KB V8 itself may allocate meanwhile (optimised code, feedback) no longer can; with the
 * default, smaller young generation that made the probe fail now and then under load.
 */
const YOUNG_GENERATION = ["--min-semi-space-size=8"];

Deno.test("AppInspector allocates nothing for frames without names", async () => {
  const result = await runAllocationProbe(PROBE, ["1000000"], YOUNG_GENERATION);
  assert.ok(result.frames! > 0 && result.names === 0, JSON.stringify(result));
});

Deno.test("AppInspector allocates nothing for repeated DNS counted into a DnsSink", async () => {
  const result = await runAllocationProbe(PROBE, ["1000000", "dns"], YOUNG_GENERATION);
  assert.ok(result.names === 0 && result.counted! >= 1_000_000, JSON.stringify(result));
});
