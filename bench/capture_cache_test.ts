import assert from "node:assert/strict";
import { ensureCapture } from "./capture_cache.ts";

Deno.test("ensureCapture() generates once, then reuses the file with the same parameters", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = ensureCapture(dir, 2000, 1);
    assert.equal(first.reused, false);
    assert.equal(first.path, `${dir}/synthetic-2k.pcap`);
    const again = ensureCapture(dir, 2000, 1);
    assert.equal(again.reused, true);
    assert.deepEqual(again.summary, first.summary);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ensureCapture() regenerates when the file no longer matches its sidecar", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = ensureCapture(dir, 1500, 3);
    assert.equal(first.path, `${dir}/synthetic-1500-seed3.pcap`);
    await Deno.truncate(first.path, 100);
    const again = ensureCapture(dir, 1500, 3);
    assert.equal(again.reused, false);
    assert.equal((await Deno.stat(again.path)).size, first.summary.fileBytes);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
