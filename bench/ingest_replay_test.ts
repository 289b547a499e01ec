import assert from "node:assert/strict";
import { generateCapture } from "./synthetic_capture.ts";
import { recordFile, replay } from "./ingest_replay.ts";

Deno.test("replay() counts saved records the same with and without their flow hints", async () => {
  const path = await Deno.makeTempFile({ suffix: ".pcap" });
  try {
    const summary = generateCapture({ packets: 3000, seed: 5, path });
    const words = recordFile(path);
    assert.equal(words[1], 3000);
    const hinted = replay(words, true).engine;
    const unhinted = replay(words, false).engine;
    const a = { ...hinted.snapshot(), generatedMs: 0 };
    const b = { ...unhinted.snapshot(), generatedMs: 0 };
    assert.equal(a.packets, 3000);
    assert.equal(a.bytes, summary.bytes);
    assert.deepEqual(a, b);
    assert.deepEqual(hinted.flows({ limit: 50 }), unhinted.flows({ limit: 50 }));
  } finally {
    await Deno.remove(path);
  }
});
