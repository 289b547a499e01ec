/**
 * `GET /metrics` of a `--collect` run: softflowd exports a corpus capture as IPFIX to wirescope,
 * a few datagrams it must refuse follow, and the exposition counts the records by version and the
 * refusals by reason, equal to `/stats`, with no exporter label; `promtool check metrics` (the
 * Prometheus linter, as tests/prometheus_test.ts runs it) finds nothing wrong.
 */
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { capturePath } from "./support/captures.ts";
import { promtoolCheck } from "./support/promtool.ts";
import { startServedCli } from "./support/served_cli.ts";

const EXPORTED = "dns_udp_tcp_fragmented_v4v6.pcap";
/** softflowd -v 10 of EXPORTED, as tshark decodes it (collect/flow_collector_test.ts). */
const EXPORTED_FLOWS = 49;
const ARRIVAL_MS = 15_000;

/** The sample lines: `name{labels} value`, comments left out. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** Send `datagrams` to 127.0.0.1:`port`, one after another. */
async function sendTo(port: number, datagrams: Uint8Array[]): Promise<void> {
  const socket = createSocket("udp4");
  try {
    for (const datagram of datagrams) {
      await new Promise<void>((resolve, reject) =>
        socket.send(datagram, port, "127.0.0.1", (error) => error ? reject(error) : resolve())
      );
    }
  } finally {
    socket.close();
  }
}

Deno.test("--collect: /metrics counts records by version and drops by reason, as /stats, promtool-clean", async () => {
  const served = await startServedCli(["--collect", "udp:0", "--port", "0", "--no-db"]);
  const dir = Deno.makeTempDirSync({ prefix: "wirescope-collect-metrics-" });
  try {
    await served.printed(/collecting NetFlow\/IPFIX on udp:127\.0\.0\.1:(\d+)/);
    const port = Number(/on udp:127\.0\.0\.1:(\d+)/.exec(served.stderr())![1]);
    const out = await new Deno.Command("softflowd", {
      args: ["-r", capturePath(EXPORTED), "-n", `127.0.0.1:${port}`, "-v", "10", "-d"]
        .concat(["-c", "none", "-p", `${dir}/softflowd.pid`]),
      stdout: "null",
      stderr: "null",
    }).output();
    assert.ok(out.success, "softflowd ran");
    // One byte (no version), then NetFlow v7 (not read): each counted under its reason.
    await sendTo(port, [new Uint8Array([0]), new Uint8Array([0, 7, 0, 0])]);
    let doc;
    const deadline = Date.now() + ARRIVAL_MS;
    do {
      await new Promise((r) => setTimeout(r, 200));
      doc = await (await fetch(`${served.url}stats`)).json();
    } while (
      (doc.collector.flows < EXPORTED_FLOWS || !doc.collector.dropped.unknownVersion) &&
      Date.now() < deadline
    );
    const text = await (await fetch(`${served.url}metrics`)).text();
    const check = await promtoolCheck(text);
    assert.equal(check.code, 0, `promtool check metrics: ${check.output}`);
    assert.equal(check.output.trim(), "", "no lint findings");
    const values = samples(text);
    assert.deepEqual(
      ["5", "9", "10"].map((v) => values.get(`wirescope_collector_records_total{version="${v}"}`)),
      [0, 0, EXPORTED_FLOWS],
    );
    assert.equal(doc.collector.flows, EXPORTED_FLOWS);
    assert.equal(values.get('wirescope_collector_dropped_total{reason="truncatedHeader"}'), 1);
    assert.equal(values.get('wirescope_collector_dropped_total{reason="unknownVersion"}'), 1);
    // Every reason is a series from the start, 0 until it happens.
    assert.equal(values.get('wirescope_collector_dropped_total{reason="backlog"}'), 0);
    assert.equal(values.get("wirescope_collector_datagrams_total"), doc.collector.datagrams);
    assert.equal(values.get("wirescope_collector_exporters"), 1);
    assert.doesNotMatch(text, /exporter="/, "no exporter label");
  } finally {
    await served.stop();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("without --collect, /metrics has no collector series", async () => {
  const served = await startServedCli(["-r", capturePath(EXPORTED), "--port", "0", "--no-db"]);
  try {
    const text = await (await fetch(`${served.url}metrics`)).text();
    assert.match(text, /^wirescope_packets_total/m);
    assert.doesNotMatch(text, /wirescope_collector_/);
  } finally {
    await served.stop();
  }
});
