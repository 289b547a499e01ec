/**
 * `GET /metrics` against the real Prometheus: a wirescope serves a corpus capture on loopback, a
 * Prometheus server of our own (temporary directory, random port, 1 s scrape interval) scrapes
 * it, and its HTTP API must report the packet and byte totals `/stats` reports. `promtool check
 * metrics` must find nothing wrong with the exposition.
 */
import assert from "node:assert/strict";
import { capturePath, expectedFor } from "./support/captures.ts";
import { START_FLAGS } from "./support/run_cli.ts";
import { freePort } from "./support/free_port.ts";
import { promtoolCheck } from "./support/promtool.ts";

const CAPTURE = "lan_mix_android_dhcp_ntp.pcap";
const MAIN = new URL("../main.ts", import.meta.url).pathname;
/** Longer than a scrape and a query need on a loaded machine; bounded all the same. */
const WAIT_MS = 60_000;
const POLL_MS = 250;

/** Spawn, and resolve with the process once its stderr matches `ready` (and the match). */
async function spawnUntil(command: string, args: string[], ready: RegExp) {
  const child = new Deno.Command(command, {
    args,
    stdout: "null",
    stderr: "piped",
    signal: AbortSignal.timeout(WAIT_MS * 2),
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  let match: RegExpExecArray | null = null;
  while ((match = ready.exec(seen)) === null) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`${command} ended before it was ready: ${seen}`);
    seen += value;
  }
  // Keep reading so a chatty process never blocks on a full pipe.
  void (async () => {
    while (!(await reader.read()).done);
  })().catch(() => {});
  return { child, match };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

Deno.test("Prometheus scrapes /metrics and reads the packet and byte totals of /stats", async () => {
  const dir = await Deno.makeTempDir({ prefix: "wirescope-prometheus-" });
  const children: Deno.ChildProcess[] = [];
  try {
    const wirescope = await spawnUntil(Deno.execPath(), [
      "run",
      ...START_FLAGS,
      MAIN,
      "-r",
      capturePath(CAPTURE),
      "--port",
      "0",
    ], /dashboard at http:\/\/127\.0\.0\.1:(\d+)\/[\s\S]*still serving/);
    children.push(wirescope.child);
    const base = `http://127.0.0.1:${wirescope.match[1]}`;
    const stats = await (await fetch(`${base}/stats`)).json();
    const expected = expectedFor(CAPTURE);
    assert.equal(stats.packets, expected.packets, "/stats agrees with tshark");
    assert.equal(stats.bytes, expected.bytes);

    const metrics = await fetch(`${base}/metrics`);
    assert.equal(metrics.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    const check = await promtoolCheck(await metrics.text());
    assert.equal(check.code, 0, `promtool check metrics: ${check.output}`);
    assert.equal(check.output.trim(), "", "no lint findings");

    const port = freePort();
    await Deno.writeTextFile(
      `${dir}/prometheus.yml`,
      [
        "global:",
        "  scrape_interval: 1s",
        "  evaluation_interval: 1s",
        "scrape_configs:",
        "  - job_name: wirescope",
        "    static_configs:",
        `      - targets: ["127.0.0.1:${wirescope.match[1]}"]`,
        "",
      ].join("\n"),
    );
    const prometheus = await spawnUntil("prometheus", [
      `--config.file=${dir}/prometheus.yml`,
      `--storage.tsdb.path=${dir}/data`,
      `--web.listen-address=127.0.0.1:${port}`,
    ], /Server is ready to receive web requests/);
    children.push(prometheus.child);

    const query = async (promql: string): Promise<number | undefined> => {
      const url = `http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(promql)}`;
      const body = await (await fetch(url)).json();
      assert.equal(body.status, "success", JSON.stringify(body));
      const value = body.data.result[0]?.value?.[1];
      return value === undefined ? undefined : Number(value);
    };
    const up = await until("a successful scrape", async () => {
      const value = await query('up{job="wirescope"}');
      return value === 1 ? value : undefined;
    });
    assert.equal(up, 1);
    const packets = await until(
      "wirescope_packets_total",
      () => query('sum(wirescope_packets_total{job="wirescope"})'),
    );
    const bytes = await until(
      "wirescope_bytes_total",
      () => query('sum(wirescope_bytes_total{job="wirescope"})'),
    );
    assert.equal(packets, stats.packets, "packets, through Prometheus");
    assert.equal(bytes, stats.bytes, "bytes, through Prometheus");
    const tcp = await query('wirescope_packets_total{job="wirescope",protocol="tcp"}');
    assert.equal(tcp, stats.outerL4.tcp, "tcp packets, through Prometheus");
    assert.equal(await query('count(wirescope_build_info{job="wirescope"})'), 1);
  } finally {
    for (const child of children) {
      try {
        child.kill("SIGTERM");
      } catch {
        // already ended
      }
      await child.status;
    }
    await Deno.remove(dir, { recursive: true });
  }
});
