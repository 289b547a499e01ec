/**
 * What a first-time user meets on the command line and the API: a served file keeps every
 * conversation, `--report` refuses a format it does not know, `--bind 0.0.0.0` prints usable
 * addresses and a warning, the text report says how much it left out, `--report json` is the
 * `/stats` document, pretty series stay readable, live averages use the real span, and a
 * loopback capture leaves out the dashboard's own traffic.
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { capturePath, expectedFor } from "./support/captures.ts";
import { CliServer } from "./support/dashboard_server.ts";
import { type ServedStats, waitUntil } from "./support/dashboard_page.ts";
import { runCli, START_FLAGS } from "./support/run_cli.ts";
import { freePort } from "./support/free_port.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const SNI_FILE = "tls_sni_many_sites.pcapng";
const DNS_FILE = "dns_udp_tcp_fragmented_v4v6.pcap";

/** Root can capture on `lo`; CI runs as root and must not skip. */
const liveUnavailable = Deno.uid() === 0 ? undefined : "capturing on lo needs root";
if (liveUnavailable && Deno.env.get("CI")) {
  throw new Error(`Loopback capture tests cannot run in CI: ${liveUnavailable}`);
}

async function statsOf(server: CliServer): Promise<ServedStats> {
  return await (await fetch(`${server.url}stats`)).json();
}

async function readFile(name: string): Promise<CliServer> {
  const server = await CliServer.start(["-r", capturePath(name)]);
  await waitUntil(
    "the file to be read",
    async () => (await statsOf(server)).capture.state === "ended",
  );
  return server;
}

for (const name of [SNI_FILE, DNS_FILE]) {
  Deno.test({
    name: `a served file lists every conversation tshark counts in ${name}`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const server = await readFile(name);
      try {
        const expected = expectedFor(name);
        const stats = await statsOf(server);
        const want = expected.outer_5tuples.tcp + expected.outer_5tuples.udp;
        // Non-first fragments carry no ports: the table keys them apart, tshark does not.
        const listed = async (protocol: string) =>
          ((await (await fetch(`${server.url}api/flows?limit=1000&protocol=${protocol}`)).json())
            .flows as { aPort: number | null }[]).filter((f) => f.aPort !== null).length;
        assert.equal((await listed("tcp")) + (await listed("udp")), want, "TCP and UDP flows");
        assert.equal(stats.flows.evicted.idle, 0);
        assert.equal(stats.flows.evicted.active, 0);
      } finally {
        await server.stop();
      }
    },
  });
}

Deno.test("--report xml is refused as a format, as --report=xml is", async () => {
  for (const args of [["--report", "xml"], ["--report=xml"]]) {
    const r = await runCli(["-r", capturePath(DNS_FILE), ...args]);
    assert.equal(r.code, 2, args.join(" "));
    assert.equal(
      r.stderr.trim(),
      'wirescope: Invalid --report format "xml": use text, json or csv',
    );
  }
  // A filter after a bare --report still reads as a filter.
  const r = await runCli(["-r", capturePath(DNS_FILE), "--report", "udp", "port", "53"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /filter "udp port 53"/);
});

Deno.test("the text report says how many names it left out", async () => {
  const r = await runCli(["-r", capturePath(SNI_FILE), "--report"]);
  assert.equal(r.code, 0, r.stderr);
  const json = await runCli(["-r", capturePath(SNI_FILE), "--report", "json"]);
  const stats = JSON.parse(json.stdout) as ServedStats;
  const sni = Object.keys(stats.tls.sni).length;
  assert.ok(sni > 10, `${sni} SNIs`);
  const section = (title: string) => r.stdout.split("\n\n").find((s) => s.startsWith(title))!;
  assert.match(section("TLS server names"), new RegExp(`\\n  \\+${sni - 10} more$`));
  assert.doesNotMatch(section("HTTP hosts"), /more/);
});

Deno.test({
  name: "--report json is the document GET /stats serves, capture status included",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const report = JSON.parse(
      (await runCli(["-r", capturePath(DNS_FILE), "--report", "json"]))
        .stdout,
    );
    const server = await readFile(DNS_FILE);
    try {
      const stats = await statsOf(server);
      assert.deepEqual(Object.keys(report).sort(), Object.keys(stats).sort());
      assert.deepEqual(report.capture, stats.capture);
      assert.equal(report.capture.endReason, "eof");
      // A file has no processes: both say so in the same words.
      assert.deepEqual(report.processes, (stats as unknown as Record<string, unknown>).processes);
      assert.equal(report.processes.available, false);
    } finally {
      await server.stop();
    }
  },
});

Deno.test({
  name: "pretty /api/series keeps arrays of numbers on one line",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const server = await readFile(DNS_FILE);
    try {
      const text = await (await fetch(`${server.url}api/series?window=1m&pretty`)).text();
      const lines = text.split("\n");
      assert.ok(lines.length < 40, `${lines.length} lines`);
      assert.ok(!lines.some((l) => /^\s*-?\d[\d.e+-]*,?$/.test(l)), "a line holds only a number");
      assert.match(text, /"total": \[[\d.e+-]+(, [\d.e+-]+){59}\]/);
      assert.deepEqual(
        JSON.parse(text),
        await (await fetch(`${server.url}api/series?window=1m`))
          .json(),
      );
    } finally {
      await server.stop();
    }
  },
});

Deno.test({
  name: "--bind 0.0.0.0 prints addresses a browser can use and warns in one line",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", ...START_FLAGS, MAIN, "-r", capturePath(DNS_FILE), "--bind", "0.0.0.0"]
        .concat(["--port", String(freePort())]),
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    let seen = "";
    try {
      const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
      while (!/read .* packets/.test(seen)) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += value;
      }
      reader.releaseLock();
    } finally {
      child.kill("SIGTERM");
      await child.status;
    }
    const urlLine = seen.split("\n").find((l) => l.includes("dashboard at"))!;
    assert.doesNotMatch(urlLine, /0\.0\.0\.0/);
    assert.match(urlLine, /http:\/\/127\.0\.0\.1:\d+\//);
    // Every IPv4 address other machines could use is printed, not only loopback.
    for (const i of Deno.networkInterfaces()) {
      if (i.family === "IPv4") assert.ok(urlLine.includes(`http://${i.address}:`), urlLine);
    }
    const warnings = seen.split("\n").filter((l) => /warning/.test(l));
    assert.equal(warnings.length, 1, seen);
    assert.match(warnings[0]!, /reachable from the network/);
  },
});

/** Send `count` UDP datagrams to 127.0.0.1:port, `gapMs` apart. */
async function sendUdp(port: number, count: number, gapMs: number): Promise<void> {
  const socket = dgram.createSocket("udp4");
  try {
    for (let i = 0; i < count; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
      await new Promise<void>((resolve, reject) =>
        socket.send(`probe ${i}`, port, "127.0.0.1", (e) => e ? reject(e) : resolve())
      );
    }
  } finally {
    socket.close();
  }
}

Deno.test({
  name: "a live capture shorter than a second averages over its real span",
  ignore: liveUnavailable !== undefined,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const port = freePort();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", ...START_FLAGS, MAIN, "-i", "lo", "-c", "5", "--report", "json"]
        .concat(["udp", "dst", "port", String(port)]),
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(30_000),
    }).spawn();
    const stdout = new Response(child.stdout).text();
    const stderr = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    while (!seen.includes("capturing on lo")) {
      const { value, done } = await stderr.read();
      if (done) throw new Error(`wirescope ended early: ${seen}`);
      seen += value;
    }
    // Five datagrams over 0.8 s: about 6 packets/s, never thousands.
    await sendUdp(port, 5, 200);
    while (!(await stderr.read()).done);
    assert.equal((await child.status).code, 0, seen);
    const report = JSON.parse(await stdout) as ServedStats;
    assert.equal(report.packets, 5);
    const seconds = (report.generatedMs - report.startedMs!) / 1000;
    assert.ok(seconds >= 0.8, `${seconds} s`);
    assert.ok(report.rates.avgPps > 0 && report.rates.avgPps <= 5 / 0.8, `${report.rates.avgPps}`);
  },
});

Deno.test({
  name: "a loopback capture leaves out the dashboard's own port unless --count-self",
  ignore: liveUnavailable !== undefined,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    for (const countSelf of [false, true]) {
      const port = freePort();
      const probe = freePort();
      const filter = `tcp port ${port} or udp port ${probe}`;
      const server = await CliServer.start(
        ["-i", "lo", ...(countSelf ? ["--count-self"] : []), filter],
        port,
      );
      try {
        // The server's own requests are the only traffic on its port.
        for (let i = 0; i < 5; i++) await statsOf(server);
        await sendUdp(probe, 3, 0);
        const flows = async (p: number) =>
          (await (await fetch(`${server.url}api/flows?port=${p}`)).json()).matched;
        await waitUntil("the probe's flow", async () => (await flows(probe)) === 1);
        const stats = await statsOf(server);
        assert.equal(stats.meta.filter, filter);
        if (countSelf) {
          assert.equal(stats.meta.excluded, "");
          assert.ok(
            (await flows(port)) > 0,
            "the dashboard's traffic is counted with --count-self",
          );
          // The requests' Host header names 127.0.0.1 by itself: that is no name.
          const page = await (await fetch(`${server.url}api/flows?port=${port}`)).json();
          assert.equal(page.addresses["127.0.0.1"]?.name, null);
        } else {
          assert.equal(stats.meta.excluded, `not tcp port ${port}`);
          assert.equal(await flows(port), 0, "the dashboard's own traffic was counted");
        }
      } finally {
        await server.stop();
      }
    }
  },
});

Deno.test("the README speaks to users: no internal notes, sudo and first-run downloads explained", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  assert.doesNotMatch(readme, /issue \d|this round of work|\.\.\/shared/i);
  assert.match(readme, /sudo env PATH=\$PATH deno task start/);
  assert.match(readme, /first run downloads the npm packages/);
  assert.match(readme, /--count-self/);
  const api = await Deno.readTextFile(new URL("../server/README.md", import.meta.url));
  assert.match(api, /last \*\*2, 10 and 40\*\* complete seconds/);
  assert.match(api, /## The display filter/);
});
