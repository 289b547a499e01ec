/**
 * `--report json` lists every name the bounded tables hold, not the head `/stats` shows: on a
 * DNS tunnel with more distinct names than that head, the report has every name tshark found.
 */
import assert from "node:assert/strict";
import { capturePath, comparableCounts, expectedFor } from "./support/captures.ts";
import { runCli } from "./support/run_cli.ts";
import { NAME_REPORT_LIMIT } from "../stats/name_counter.ts";

Deno.test("--report json lists all 222 names of an iodine tunnel, past /stats' 200", async () => {
  const name = "dns_tunnel_iodine.pcap";
  const expected = comparableCounts(expectedFor(name).dns_query_name_counts);
  assert.ok(Object.keys(expected).length > NAME_REPORT_LIMIT, "the capture has more names");
  const result = await runCli(["-r", capturePath(name), "--report", "json"]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(Object.keys(report.dns.queries).length, Object.keys(expected).length);
  assert.deepEqual(comparableCounts(report.dns.queries, "dns"), expected);
  assert.equal(report.dns.queriesOmitted, 0);
});
