/**
 * Sensor to collector, both wirescope: `-r FILE --ipfix` into `--collect`, and the collector's
 * report must count what the sensor's own report counts (packets per protocol) and one flow per
 * record the sensor sent.
 */
import assert from "node:assert/strict";
import { capturePath } from "./support/captures.ts";
import { freeUdpPort } from "./support/free_port.ts";
import { runCli, START_FLAGS, TEST_STATE_HOME } from "./support/run_cli.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const CAPTURES = ["http11_wikipedia_lan_mix.pcap", "dns_udp_tcp_fragmented_v4v6.pcap"];
/** Longer than a start and a file need on a loaded machine; bounded all the same. */
const WAIT_MS = 60_000;

async function collectorReport(port: number, send: (port: number) => Promise<number>) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...START_FLAGS, MAIN, "--collect", `udp:127.0.0.1:${port}`, "--report", "json"],
    env: { NO_COLOR: "1", XDG_STATE_HOME: TEST_STATE_HOME },
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(WAIT_MS * 2),
  }).spawn();
  const stdout = new Response(child.stdout).text();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("collecting NetFlow/IPFIX on")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the collector ended before listening: ${seen}`);
    seen += value;
  }
  void (async () => {
    while (!(await reader.read()).done);
  })().catch(() => {});
  const records = await send(port);
  // Until the collector has read every record the sensor says it sent.
  await new Promise((r) => setTimeout(r, 1000));
  child.kill("SIGINT");
  await child.status;
  return { report: JSON.parse(await stdout), records };
}

for (const name of CAPTURES) {
  Deno.test(`--ipfix into --collect: ${name} counts the same packets per protocol`, async () => {
    let sensor: { outerL4: Record<string, number> } | undefined;
    const { report, records } = await collectorReport(await freeUdpPort(), async (port) => {
      const result = await runCli([
        "-r",
        capturePath(name),
        "--ipfix",
        `127.0.0.1:${port}`,
        "--report",
        "json",
      ]);
      assert.equal(result.code, 0, result.stderr);
      sensor = JSON.parse(result.stdout);
      return Number(/(\d+) flow records/.exec(result.stderr)![1]);
    });
    assert.deepEqual(report.outerL4, sensor!.outerL4);
    assert.equal(report.collector.flows, records);
  });
}
