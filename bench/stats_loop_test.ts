import assert from "node:assert/strict";
import { generateCapture } from "./synthetic_capture.ts";
import { statsLoop } from "./stats_loop.ts";

Deno.test("statsLoop() feeds every packet, with its timestamp, to the statistics engine", async () => {
  const path = await Deno.makeTempFile({ suffix: ".pcap" });
  try {
    const summary = generateCapture({ packets: 3000, seed: 3, path });
    const { packets, engine } = statsLoop(path);
    const snapshot = engine.snapshot();
    assert.equal(packets, 3000);
    assert.equal(snapshot.packets, 3000);
    assert.equal(snapshot.bytes, summary.bytes);
    assert.ok(snapshot.durationMs > 0, "the packet clock moved with the timestamps");
  } finally {
    await Deno.remove(path);
  }
});
