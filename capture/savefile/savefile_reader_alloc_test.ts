/**
 * next() must not allocate per packet. V8 is asked to trace its garbage collections while a
 * child process reads half a million packets: one small allocation per packet (a 16-byte
 * object) would fill the young generation several times over and show as scavenges.
 */

import assert from "node:assert/strict";
import { PcapWriter } from "./pcap_writer.ts";
import { PcapngWriter } from "./pcapng_writer.ts";
import { pattern } from "./_test_savefile.ts";

const PACKETS = 500_000;
/** A chunk read allocates one subarray per MiB; a stray GC from the runtime is tolerated once. */
const MAX_COLLECTIONS = 1;

function countCollections(path: string): number {
  const module = new URL("./savefile_reader.ts", import.meta.url).href;
  const script = `
    import { openSavefile } from "${module}";
    const reader = openSavefile(${JSON.stringify(path)});
    let sum = 0;
    console.log("START");
    while (reader.next()) sum += reader.tsNsec + reader.caplen + reader.data.getUint8(reader.offset);
    console.log("END", sum > 0);
    reader.close();
  `;
  const output = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-config", "--v8-flags=--trace-gc", script],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  const lines = new TextDecoder().decode(output.stdout).split("\n");
  const start = lines.indexOf("START");
  const end = lines.indexOf("END true");
  assert.ok(start >= 0 && end > start, "the child read packets");
  return lines.slice(start + 1, end).filter((line) => /Scavenge|Mark-Compact|Minor/.test(line))
    .length;
}

function withFile(bytes: Uint8Array, fn: (path: string) => void): void {
  const path = Deno.makeTempFileSync({ suffix: ".cap" });
  try {
    Deno.writeFileSync(path, bytes);
    fn(path);
  } finally {
    Deno.removeSync(path);
  }
}

Deno.test("next() reads 500k pcap packets without triggering garbage collection", () => {
  const writer = new PcapWriter({ linkType: 1, nanosecond: true });
  const frame = pattern(60, 1);
  for (let i = 0; i < PACKETS; i++) writer.writePacket(1_700_000_000 + i, i + 1, frame);
  withFile(writer.toBytes(), (path) => assert.ok(countCollections(path) <= MAX_COLLECTIONS));
});

Deno.test("next() reads 500k pcapng ns packets without triggering garbage collection", () => {
  const writer = new PcapngWriter();
  writer.addInterface(1, { tsresol: 9 });
  writer.addInterface(113);
  const frame = pattern(60, 1);
  for (let i = 0; i < PACKETS; i++) writer.writePacket(i & 1, 1_700_000_000 + i, i + 1, frame);
  withFile(writer.toBytes(), (path) => assert.ok(countCollections(path) <= MAX_COLLECTIONS));
});
