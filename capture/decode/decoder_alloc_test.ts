import { runAllocationProbe } from "../../tests/support/allocation_probe.ts";

Deno.test("decodeFrame() allocates nothing per frame (2M frames, no GC, heap growth < 256 KiB)", async () => {
  // 2M frames: one 16-byte object per frame would be 32 MB of garbage, which V8 cannot hold
  // without collecting during the loop.
  const frames = 2_000_000;
  const probe = new URL("./testdata/allocation_probe.ts", import.meta.url);
  const result = await runAllocationProbe(probe, [String(frames)]);
  const rate = (frames / result.ms) * 1000;
  console.log(`  ${(rate / 1e6).toFixed(1)}M frames/s, heap growth ${result.heapGrowth} bytes`);
});
