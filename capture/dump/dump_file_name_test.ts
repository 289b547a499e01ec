import assert from "node:assert/strict";
import { countDigits, dumpFileName } from "./dump_file_name.ts";

Deno.test("countDigits() pads to the digits of the last file number, as tcpdump's -W", () => {
  assert.equal(countDigits(0), 0);
  assert.equal(countDigits(1), 0);
  assert.equal(countDigits(3), 1);
  assert.equal(countDigits(10), 1);
  assert.equal(countDigits(11), 2);
  assert.equal(countDigits(100), 2);
  assert.equal(countDigits(101), 3);
});

Deno.test("dumpFileName() leaves the first file of -C alone and numbers the rest", () => {
  assert.equal(dumpFileName("out.pcap", 0, 0, undefined), "out.pcap");
  assert.equal(dumpFileName("out.pcap", 1, 0, undefined), "out.pcap1");
  assert.equal(dumpFileName("out.pcap", 12, 0, undefined), "out.pcap12");
});

Deno.test("dumpFileName() numbers every file, zero-padded, under -W", () => {
  assert.equal(dumpFileName("out.pcap", 0, 2, undefined), "out.pcap00");
  assert.equal(dumpFileName("out.pcap", 7, 2, undefined), "out.pcap07");
});

Deno.test("dumpFileName() expands strftime conversions only under -G", () => {
  assert.equal(dumpFileName("%s.pcap", 0, 0, undefined), "%s.pcap");
  assert.equal(dumpFileName("%s.pcap", 0, 0, 1_700_000_000), "1700000000.pcap");
  assert.equal(dumpFileName("%s.pcap", 3, 1, 1_700_000_000), "1700000000.pcap3");
});
