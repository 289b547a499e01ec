/**
 * KeepRingWriter.write() must not allocate per packet: it runs in the capture loop for every
 * packet that passes the filter. V8 traces its garbage collections in a child process with the
 * start task's 1 MiB young generation, once writing half a million packets through a ring that
 * wraps many times and once writing none: one small object per packet would show as a few dozen
 * more scavenges. (The trace reaches stdout through C's buffer, after the script's own lines, so
 * whole runs are compared rather than a marked stretch of one.)
 */
import assert from "node:assert/strict";

const PACKETS = 500_000;
/** A stray collection from the runtime is tolerated once. */
const MAX_EXTRA_COLLECTIONS = 1;

function collections(packets: number): number {
  const ring = new URL("./keep_ring.ts", import.meta.url).href;
  const writer = new URL("./keep_ring_writer.ts", import.meta.url).href;
  const script = `
    import { createKeepBuffer } from "${ring}";
    import { KeepRingWriter } from "${writer}";
    const keep = new KeepRingWriter(createKeepBuffer(1 << 20));
    const frame = new DataView(new ArrayBuffer(2048));
    for (let i = 0; i < ${packets}; i++) keep.write(1, frame, 3, 60 + (i % 1400), 1500, i, i);
    console.log("WROTE", ${packets});
  `;
  const output = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-config", "--v8-flags=--trace-gc,--max-semi-space-size=1", script],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  const lines = new TextDecoder().decode(output.stdout).split("\n");
  assert.ok(lines.includes(`WROTE ${packets}`), "the child wrote its packets");
  return lines.filter((line) => /Scavenge|Mark-Compact|Minor/.test(line)).length;
}

Deno.test("KeepRingWriter.write() keeps 500k packets, overwriting, without garbage collection", () => {
  const none = collections(0);
  const many = collections(PACKETS);
  assert.ok(many - none <= MAX_EXTRA_COLLECTIONS, `${many} collections, ${none} writing none`);
});
