import assert from "node:assert/strict";
import { parseTcpdumpCounters, parseTcpreplay, parseWirescopeCounters } from "./live_counters.ts";
import { parseCpuTicks } from "./capture_process.ts";

/** What tcpreplay 4.4.3 printed for 1000 frames onto a veth in this benchmark. */
const TCPREPLAY = `Actual: 1000 packets (342190 bytes) sent in 0.005071 seconds
Rated: 67479787.0 Bps, 539.83 Mbps, 197199.76 pps
Flows: 341 flows, 67245.11 fps, 731 unique flow packets, 269 unique non-flow packets
Statistics for network device: ws274650b
\tSuccessful packets:        1000
\tFailed packets:            0
\tTruncated packets:         0
\tRetried packets (ENOBUFS): 0
\tRetried packets (EAGAIN):  0
`;

Deno.test("parseTcpreplay() reads sent, failed and the send time", () => {
  assert.deepEqual(parseTcpreplay(TCPREPLAY), { sent: 1000, failed: 0, seconds: 0.005071 });
});

Deno.test("parseTcpreplay() counts only the successful packets as sent", () => {
  const partial = TCPREPLAY.replace(/Successful packets:\s+1000/, "Successful packets:        990")
    .replace(/Failed packets:\s+0/, "Failed packets:            10");
  assert.deepEqual(parseTcpreplay(partial), { sent: 990, failed: 10, seconds: 0.005071 });
  assert.equal(parseTcpreplay("tcpreplay: error"), undefined);
});

Deno.test("parseTcpdumpCounters() reads captured and both drop counters", () => {
  const stderr =
    "tcpdump: listening on ws1a\n12 packets captured\n15 packets received by filter\n" +
    "3 packets dropped by kernel\n1 packet dropped by interface\n";
  assert.deepEqual(parseTcpdumpCounters(stderr), {
    captured: 12,
    kernel: 3,
    interface: 1,
    backlog: undefined,
  });
  assert.equal(parseTcpdumpCounters("tcpdump: ws1a: No such device exists"), undefined);
});

Deno.test("parseWirescopeCounters() reads packets and drops from the JSON report", () => {
  const report = JSON.stringify({ packets: 42, drops: { kernel: 1, ifdrop: 2, backlog: 3 } });
  assert.deepEqual(parseWirescopeCounters(report), {
    captured: 42,
    kernel: 1,
    interface: 2,
    backlog: 3,
  });
  assert.equal(parseWirescopeCounters("not json"), undefined);
  assert.equal(parseWirescopeCounters("{}"), undefined);
});

Deno.test("parseCpuTicks() adds utime and stime, counting fields from the last ')'", () => {
  const stat = "1234 (deno (worker) x) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 9";
  assert.equal(parseCpuTicks(stat), 325);
});
