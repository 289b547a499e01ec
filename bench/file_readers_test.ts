import assert from "node:assert/strict";
import { jsonPackets, tsharkFrames } from "./file_readers.ts";
import type { Measurement } from "./measure.ts";

const run = (stdout: string): Measurement => ({
  seconds: 1,
  peakRssMb: 1,
  code: 0,
  stdout,
  stderr: "",
});

Deno.test("jsonPackets() reads packets from a one-line or a pretty-printed JSON report", () => {
  assert.equal(jsonPackets(run('{"packets":12,"bytes":3}\n')), 12);
  assert.equal(jsonPackets(run('{\n  "linkType": "EN10MB",\n  "packets": 7\n}\n')), 7);
  assert.equal(jsonPackets(run('notice\n{"packets":5}\n')), 5);
  assert.equal(jsonPackets(run("no json here")), undefined);
});

Deno.test("tsharkFrames() sums the top-level protocols of tshark's io,phs table", () => {
  const phs = [
    "===================================================================",
    "Protocol Hierarchy Statistics",
    "Filter: ",
    "",
    "eth                                      frames:10 bytes:980",
    "  ip                                     frames:9 bytes:900",
    "sll                                      frames:2 bytes:100",
    "===================================================================",
  ].join("\n");
  assert.equal(tsharkFrames(run(phs)), 12);
  assert.equal(tsharkFrames(run("")), undefined);
});
