import assert from "node:assert/strict";
import { generateCapture } from "./synthetic_capture.ts";
import { ffiLoop } from "./ffi_loop.ts";

Deno.test("ffiLoop() counts every packet and wire byte of a capture", async () => {
  const path = await Deno.makeTempFile({ suffix: ".pcap" });
  try {
    const summary = generateCapture({ packets: 3000, seed: 1, path });
    const result = ffiLoop(path);
    assert.equal(result.packets, 3000);
    assert.equal(result.bytes, summary.bytes);
    assert.ok(result.seconds >= 0);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("ffiLoop() throws when libpcap cannot open the file", () => {
  assert.throws(() => ffiLoop("/nonexistent/capture.pcap"), /Cannot read/);
});
