import assert from "node:assert/strict";
import { hasGnuTime, measure, median, readPeakRssKib } from "./measure.ts";

Deno.test("measure() returns exit code, output, wall time and a peak RSS", async () => {
  const m = await measure(["sh", "-c", "echo out; echo err >&2; exit 3"]);
  assert.equal(m.code, 3);
  assert.equal(m.stdout, "out\n");
  assert.equal(m.stderr, "err\n");
  assert.ok(m.seconds > 0 && m.seconds < 10);
  if (hasGnuTime()) assert.ok(m.peakRssMb !== undefined && m.peakRssMb > 0);
});

/** Deno lets a script read /proc/<pid>/ only with --allow-all. */
const procReadable = readPeakRssKib(Deno.pid) !== undefined;
if (!procReadable) {
  console.log(
    "skipping the /proc VmHWM measure() test: reading /proc/<pid>/status needs --allow-all " +
      "(run the test with -A, as `deno task test` does)",
  );
}
const ALLOCATE_96_MIB =
  "new Uint8Array(96 << 20).fill(1); await new Promise((r) => setTimeout(r, 300));";

Deno.test({
  name: "measure() sees 96 MiB that a program touches, through GNU time",
  ignore: !hasGnuTime(),
  fn: async () => {
    const m = await measure([Deno.execPath(), "eval", ALLOCATE_96_MIB]);
    assert.equal(m.code, 0, m.stderr);
    assert.ok(m.peakRssMb !== undefined && m.peakRssMb > 96, `${m.peakRssMb} MiB`);
  },
});

Deno.test({
  name: "measure() sees 96 MiB that a program touches, through /proc VmHWM polling",
  ignore: !procReadable,
  fn: async () => {
    const m = await measure([Deno.execPath(), "eval", ALLOCATE_96_MIB], { gnuTime: false });
    assert.equal(m.code, 0, m.stderr);
    assert.ok(m.peakRssMb !== undefined && m.peakRssMb > 96, `${m.peakRssMb} MiB`);
  },
});

Deno.test("readPeakRssKib() is undefined for a process that does not exist", () => {
  assert.equal(readPeakRssKib(0x7fff_fff0), undefined);
});

Deno.test("median() takes the middle value, or the mean of the middle two", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), RangeError);
});
