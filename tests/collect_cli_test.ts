/**
 * `--collect` from the command line: beside `-r` its records add to the file's statistics, and a
 * port it cannot have or a malformed spec is one line on stderr with the usual exit status.
 */
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { capturePath, expectedFor } from "./support/captures.ts";
import { runCli, START_FLAGS, TEST_STATE_HOME } from "./support/run_cli.ts";
import { type ServedCli, startServedCli } from "./support/served_cli.ts";

const FILE = "icmp_echo_5_pings.pcap";
const EXPORTED = "dns_udp_tcp_fragmented_v4v6.pcap";
/** softflowd -v 9 of EXPORTED, as tshark decodes it: records, packets, bytes. */
const EXPORTED_TOTALS = { flows: 49, packets: 66, bytes: 22246 };
const ARRIVAL_MS = 15_000;

Deno.test("-r FILE --collect: the file's packets and the exporter's records count together", async () => {
  const served = await startServedCli([
    "-r",
    capturePath(FILE),
    "--collect",
    "udp:0",
    "--port",
    "0",
    "--no-db",
  ]);
  const dir = Deno.makeTempDirSync({ prefix: "wirescope-collect-cli-" });
  try {
    await served.printed(/collecting NetFlow\/IPFIX on udp:127\.0\.0\.1:(\d+)/);
    const port = Number(/on udp:127\.0\.0\.1:(\d+)/.exec(served.stderr())![1]);
    const out = await new Deno.Command("softflowd", {
      args: ["-r", capturePath(EXPORTED), "-n", `127.0.0.1:${port}`, "-v", "9", "-d", "-c", "none"]
        .concat(["-p", `${dir}/softflowd.pid`]),
      stdout: "null",
      stderr: "null",
    }).output();
    assert.ok(out.success, "softflowd ran");
    const file = expectedFor(FILE);
    let doc;
    const deadline = Date.now() + ARRIVAL_MS;
    do {
      await new Promise((r) => setTimeout(r, 200));
      doc = await (await fetch(`${served.url}stats`)).json();
    } while (doc.collector.flows < EXPORTED_TOTALS.flows && Date.now() < deadline);
    assert.equal(doc.collector.flows, EXPORTED_TOTALS.flows);
    assert.deepEqual(
      [doc.packets, doc.bytes],
      [file.packets + EXPORTED_TOTALS.packets, file.bytes + EXPORTED_TOTALS.bytes],
    );
    assert.equal(doc.meta.sourceKind, "file");
  } finally {
    await served.stop();
    Deno.removeSync(dir, { recursive: true });
  }
});

/** `wirescope --collect udp:0 --report json` fed softflowd's export of `capture`, then Ctrl-C. */
async function collectReport(capture: string, version: string) {
  const dir = Deno.makeTempDirSync({ prefix: "wirescope-collect-report-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...START_FLAGS, new URL("../main.ts", import.meta.url).pathname]
      .concat(["--collect", "udp:0", "--report", "json"]),
    env: { NO_COLOR: "1", XDG_STATE_HOME: TEST_STATE_HOME },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).spawn();
  const stdout = new Response(child.stdout).text();
  try {
    const stderr = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    let match: RegExpExecArray | null = null;
    while (!(match = /on udp:127\.0\.0\.1:(\d+)/.exec(seen))) {
      const { value, done } = await stderr.read();
      if (done) throw new Error(`ended before listening: ${seen}`);
      seen += value;
    }
    void (async () => {
      while (!(await stderr.read()).done);
    })();
    const out = await new Deno.Command("softflowd", {
      args: ["-r", capturePath(capture), "-n", `127.0.0.1:${match[1]}`, "-v", version, "-d"]
        .concat(["-c", "none", "-p", `${dir}/softflowd.pid`]),
      stdout: "null",
      stderr: "null",
    }).output();
    assert.ok(out.success, "softflowd ran");
    // Loopback delivery is immediate, but give the collector's parse slices their turn (a
    // report run prints nothing to wait for before Ctrl-C).
    await new Promise((r) => setTimeout(r, 3000));
    child.kill("SIGINT");
    assert.equal((await child.status).code, 0);
    return JSON.parse(await stdout);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("--collect alone with --report json: Ctrl-C prints the records' totals and the collector", async () => {
  const report = await collectReport(EXPORTED, "10");
  assert.deepEqual(
    [report.collector.flows, report.packets, report.bytes],
    [EXPORTED_TOTALS.flows, EXPORTED_TOTALS.packets, EXPORTED_TOTALS.bytes],
  );
  assert.equal(report.capture.endReason, "stopped");
  assert.equal(report.collector.exporters[0].version, 10);
});

type ScanAlert = {
  rule: string;
  evidence: { scanner: string; protocol: string; targets: string[] };
};

/**
 * softflowd exporting nmap_syn_scan.pcap (NetFlow v9) to a served wirescope's collector, and the
 * port-scan alerts its `/stats` then lists (waited for, bounded).
 */
async function scanAlertsFromRecords(served: ServedCli): Promise<ScanAlert[]> {
  const dir = Deno.makeTempDirSync({ prefix: "wirescope-collect-scan-" });
  try {
    await served.printed(/collecting NetFlow\/IPFIX on udp:127\.0\.0\.1:(\d+)/);
    const port = Number(/on udp:127\.0\.0\.1:(\d+)/.exec(served.stderr())![1]);
    const out = await new Deno.Command("softflowd", {
      args: ["-r", capturePath("nmap_syn_scan.pcap"), "-n", `127.0.0.1:${port}`, "-v", "9", "-d"]
        .concat(["-c", "none", "-p", `${dir}/softflowd.pid`]),
      stdout: "null",
      stderr: "null",
    }).output();
    assert.ok(out.success, "softflowd ran");
    let scans: ScanAlert[] = [];
    const deadline = Date.now() + ARRIVAL_MS;
    while (scans.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      const doc = await (await fetch(`${served.url}stats`)).json();
      scans = (doc.alerts ?? []).filter((a: ScanAlert) => a.rule.startsWith("port_scan"));
    }
    return scans;
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

/** The one scan nmap_syn_scan.pcap holds, as the detector must name it. */
function assertNmapScan(scans: ScanAlert[]): void {
  assert.equal(scans.length, 1, JSON.stringify(scans));
  // How many ports the evidence holds depends on how the records fell into detection windows.
  assert.deepEqual(
    [scans[0]!.evidence.scanner, scans[0]!.evidence.protocol, scans[0]!.evidence.targets],
    ["172.16.0.8", "TCP", ["64.13.134.52"]],
  );
}

Deno.test("--collect alone: the port-scan detector finds nmap's scan in softflowd's records of it", async () => {
  const served = await startServedCli(["--collect", "udp:0", "--port", "0", "--no-db"]);
  try {
    assertNmapScan(await scanAlertsFromRecords(served));
  } finally {
    await served.stop();
  }
});

Deno.test("-r FILE --collect: records arriving beside the file reach the port-scan detector too", async () => {
  const served = await startServedCli(
    ["-r", capturePath(FILE), "--collect", "udp:0", "--port", "0", "--no-db"],
  );
  try {
    // The file is read (on its own packet clock) before the records come: they are judged on
    // the wall clock from its end on.
    await served.printed(/still serving/);
    assertNmapScan(await scanAlertsFromRecords(served));
    // The file's own packets are still all counted, beside the records.
    const doc = await (await fetch(`${served.url}stats`)).json();
    assert.ok(doc.packets > expectedFor(FILE).packets, `${doc.packets} packets`);
  } finally {
    await served.stop();
  }
});

Deno.test({
  name: "-i lo --collect: records arriving beside a live capture reach the port-scan detector too",
  // Capturing needs root; in CI it must run, not skip.
  ignore: Deno.env.get("CI") === undefined && Deno.uid() !== 0,
  async fn() {
    const served = await startServedCli(
      ["-i", "lo", "--collect", "udp:0", "--port", "0", "--no-db", "--no-processes"],
    );
    try {
      assertNmapScan(await scanAlertsFromRecords(served));
    } finally {
      await served.stop();
    }
  },
});

Deno.test("-r FILE --collect --report json: the report carries the collector beside the file's counts", async () => {
  const result = await runCli(["-r", capturePath(FILE), "--collect", "udp:0", "--report", "json"]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.packets, expectedFor(FILE).packets);
  assert.match(report.collector.listen, /^udp:127\.0\.0\.1:\d+$/);
  assert.deepEqual([report.collector.datagrams, report.collector.dropped], [0, {}]);
});

Deno.test("--collect on a port already taken: one line naming it, exit status 1", async () => {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  const port = socket.address().port;
  try {
    const result = await runCli(["--collect", `udp:${port}`, "--report", "json"]);
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split("\n");
    assert.equal(lines.length, 1, result.stderr);
    assert.match(
      lines[0]!,
      new RegExp(`^wirescope: Cannot listen for flows on udp:127\\.0\\.0\\.1:${port}: `),
    );
  } finally {
    socket.close();
  }
});

Deno.test("--collect with a spec it cannot read: one line, exit status 2", async () => {
  const result = await runCli(["--collect", "tcp:2055"]);
  assert.equal(result.code, 2);
  assert.match(result.stderr.trim(), /^wirescope: Invalid --collect "tcp:2055": [^\n]+$/);
});
