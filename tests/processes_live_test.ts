/**
 * Per-process attribution, live, as root would run it: wirescope captures on a veth pair of the
 * test's own and drops to nobody; its helper keeps only CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE.
 * Three programs of the root namespace (named with PR_SET_NAME) talk to a peer in the test's
 * namespace: a TCP client, a UDP sender and a client that connects, sends and exits at once.
 * `/api/processes` must give each its own bytes (checked against the flow table's own counts and,
 * for UDP, against the frames' known size), the short one its own or unattributed (never another
 * program's), frames between two other hosts to no one, and the peer's programs (another network
 * namespace) never appear.
 */
import assert from "node:assert/strict";
import { liveUnavailableReason, PEER_ADDRESS, ROOT_ADDRESS, TestNetwork } from "./support/netns.ts";
import { type ServedCli, startServedCli } from "./support/served_cli.ts";
import { captureNames, capturePath } from "./support/captures.ts";
import { HELPER_CAPABILITIES } from "../procs/owner_helper.ts";
import { HELPER_SUBCOMMAND } from "../procs/helper_protocol.ts";
import { browserUnavailable, UI_TIMEOUT_MS } from "./support/dashboard_page.ts";
import { axeViolations, launchBrowser } from "./support/browser.ts";
import { promtoolCheck } from "./support/promtool.ts";

const unavailable = liveUnavailableReason();
if (unavailable && Deno.env.get("CI")) {
  throw new Error(`Process attribution tests cannot run in CI: ${unavailable}`);
}

const TCP_PORT = 9000;
const UDP_PORT = 9001;
const TCP_BYTES = 200_000;
const DATAGRAMS = 100;
const DATAGRAM_PAYLOAD = 500;
/** Ethernet (14) + IPv4 (20) + UDP (8) + payload: the wire length of each datagram. */
const DATAGRAM_FRAME = 14 + 20 + 8 + DATAGRAM_PAYLOAD;
const OTHER_FRAMES = 5;
const NOBODY = 65534;

/** The peer: a TCP sink that reads every connection to its end, and a bound UDP socket. */
const PEER = `
import socket, threading
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("0.0.0.0", ${UDP_PORT}))
t = socket.socket(); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("0.0.0.0", ${TCP_PORT})); t.listen(16)
def sink(c):
    while c.recv(65536): pass
    c.close()
def drain():
    while True: u.recv(65536)
threading.Thread(target=drain, daemon=True).start()
print("ready", flush=True)
while True:
    c, _ = t.accept(); threading.Thread(target=sink, args=(c,), daemon=True).start()
`;

/** A program named `name` that runs `body`, prints "done", then waits for its stdin to close. */
function program(name: string, body: string, linger = true): string {
  return `
import ctypes, socket, sys, time
ctypes.CDLL(None).prctl(15, b"${name}", 0, 0, 0)
${body}
print("done", flush=True)
${linger ? "sys.stdin.read()" : ""}
`;
}

const TCP_CLIENT = program(
  "ws-tcp-client",
  `s = socket.create_connection(("${PEER_ADDRESS}", ${TCP_PORT}))
for i in range(20):
    s.sendall(b"t" * ${TCP_BYTES / 20}); time.sleep(0.05)`,
);
const UDP_SENDER = program(
  "ws-udp-sender",
  `s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(${DATAGRAMS}):
    s.sendto(b"u" * ${DATAGRAM_PAYLOAD}, ("${PEER_ADDRESS}", ${UDP_PORT})); time.sleep(0.01)`,
);
const SHORT_CLIENT = program(
  "ws-short",
  `s = socket.create_connection(("${PEER_ADDRESS}", ${TCP_PORT})); s.sendall(b"s" * 5000); s.close()`,
  false,
);
/**
 * Two addresses of TEST-NET-3 (RFC 5737) that are neither this host's (checked below: a test
 * machine may hold TEST-NET addresses of its own) and frames between them, sent raw.
 */
const OTHER_HOSTS = ["203.0.113.7", "203.0.113.8"] as const;
function otherHostsFrames(device: string): string {
  return `
import socket, struct
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + 8 + 18, 1, 0, 64, 17, 0,
                 socket.inet_aton("${OTHER_HOSTS[0]}"), socket.inet_aton("${OTHER_HOSTS[1]}"))
ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
frame = b"\\xff" * 6 + b"\\x02\\x00\\x00\\x00\\x00\\x01" + b"\\x08\\x00" + ip + struct.pack("!HHHH", 1111, 2222, 26, 0) + b"o" * 18
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW); s.bind(("${device}", 0))
for i in range(${OTHER_FRAMES}): s.send(frame)
`;
}

interface Program {
  child: Deno.ChildProcess;
  done: Promise<void>;
  finish(): Promise<void>;
}

/** Start `python3 -c code` (inside `netns` when given); `done` resolves when it prints "done". */
function start(code: string, netns?: string, marker = "done"): Program {
  const args = netns ? ["netns", "exec", netns, "python3", "-c", code] : ["-c", code];
  const child = new Deno.Command(netns ? "ip" : "python3", {
    args,
    stdin: "piped",
    stdout: "piped",
    signal: AbortSignal.timeout(120_000),
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const done = (async () => {
    let seen = "";
    while (!seen.includes(marker)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`python3 ended before "${marker}": ${seen}`);
      seen += value;
    }
  })();
  return {
    child,
    done,
    async finish() {
      await child.stdin.close().catch(() => {});
      try {
        child.kill("SIGTERM");
      } catch {
        // Already ended.
      }
      await reader.cancel().catch(() => {});
      await child.status;
    },
  };
}

interface ProcessRow {
  pid: number;
  name: string;
  user: string;
  upBytes: number;
  downBytes: number;
  upPackets: number;
  flows: number;
  totalFlows: number;
}
interface Report {
  available: boolean;
  via: string;
  processes: ProcessRow[];
  unattributed: { bytes: number; flows: number };
  otherHosts: { bytes: number; packets: number; flows: number };
  refresh: { atMs: number; scans: number; error: string | null };
}
interface FlowRow {
  protocol: string;
  aIp: string;
  aPort: number;
  bIp: string;
  bPort: number;
  aToBBytes: number;
  bToABytes: number;
  aProcess: { pid: number; name: string } | null;
  bProcess: { pid: number; name: string } | null;
}

async function getJson<T>(served: ServedCli, path: string): Promise<T> {
  const response = await fetch(new URL(path, served.url));
  assert.equal(response.status, 200, path);
  return await response.json() as T;
}

/** Fields of /proc/PID/task/TID/status for every thread of `pid`. */
function threads(pid: number): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  for (const task of Deno.readDirSync(`/proc/${pid}/task`)) {
    const fields = new Map<string, string>();
    for (const line of Deno.readTextFileSync(`/proc/${pid}/task/${task.name}/status`).split("\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
    }
    fields.set("Tid", task.name);
    out.push(fields);
  }
  return out;
}

/** The pid of the process helper: the child of `parent` started with the hidden subcommand. */
function helperOf(parent: number): number {
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`);
      if (ppid === parent && cmdline.includes(HELPER_SUBCOMMAND)) return Number(entry.name);
    } catch {
      // Ended while listed.
    }
  }
  throw new Error(`no process helper under pid ${parent}`);
}

function bytesOf(flow: FlowRow, localIsA: boolean): { up: number; down: number } {
  return localIsA
    ? { up: flow.aToBBytes, down: flow.bToABytes }
    : { up: flow.bToABytes, down: flow.aToBBytes };
}

/** The flow whose local side (ROOT_ADDRESS) is `port`, with that side's bytes. */
function localFlow(flows: FlowRow[], protocol: string, port: number) {
  for (const flow of flows) {
    if (flow.protocol !== protocol) continue;
    if (flow.aIp === ROOT_ADDRESS && flow.aPort === port) {
      return { flow, owner: flow.aProcess, ...bytesOf(flow, true) };
    }
    if (flow.bIp === ROOT_ADDRESS && flow.bPort === port) {
      return { flow, owner: flow.bProcess, ...bytesOf(flow, false) };
    }
  }
  return undefined;
}

/** The local port a process of ours holds (towards the peer, for TCP), from `ss -p`. */
async function localPortOf(pid: number, protocol: "tcp" | "udp"): Promise<number> {
  const out = await new Deno.Command("ss", {
    // An unconnected UDP socket has no peer to filter on.
    args: protocol === "tcp" ? ["-Hanpt", `dst ${PEER_ADDRESS}`] : ["-Hanpu"],
    stdout: "piped",
  }).output();
  for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
    if (!line.includes(`pid=${pid},`)) continue;
    const local = line.trim().split(/\s+/)[3]!;
    return Number(local.slice(local.lastIndexOf(":") + 1));
  }
  throw new Error(`ss lists no ${protocol} socket of pid ${pid}`);
}

/** The programs, started; their local ports as `ss` lists them. */
interface Traffic {
  tcp: Program;
  udp: Program;
  short: Program;
  tcpPort: number;
  udpPort: number;
  /** When the last frame was sent (epoch ms). */
  endMs: number;
}

/** Run the three programs and the other hosts' frames; `running` collects them to finish. */
async function makeTraffic(net: TestNetwork, running: Program[]): Promise<Traffic> {
  const tcp = start(TCP_CLIENT);
  const udp = start(UDP_SENDER);
  const short = start(SHORT_CLIENT);
  running.push(tcp, udp, short);
  await Promise.all([tcp.done, udp.done, short.done]);
  const tcpPort = await localPortOf(tcp.child.pid, "tcp");
  const udpPort = await localPortOf(udp.child.pid, "udp");
  assert.ok((await short.child.status).success, "the short client has exited");
  const own = new Set(Deno.networkInterfaces().map((i) => i.address));
  assert.ok(!OTHER_HOSTS.some((a) => own.has(a)), "the other hosts' addresses are not ours");
  const other = start(otherHostsFrames(net.rootInterface) + '\nprint("done", flush=True)');
  running.push(other);
  await other.done;
  return { tcp, udp, short, tcpPort, udpPort, endMs: Date.now() };
}

/**
 * Every flow is decided by the first socket scan that starts after it is noticed: poll until
 * the four kinds of traffic are all accounted (at most 15 s), then return what the API says.
 */
async function whenAccounted(served: ServedCli, t: Traffic) {
  for (let i = 0;; i++) {
    const report = await getJson<Report>(served, "/api/processes?limit=1000");
    const flows = (await getJson<{ flows: FlowRow[] }>(served, "/api/flows?limit=1000")).flows;
    const has = (pid: number) => report.processes.some((p) => p.pid === pid);
    const settled = has(t.tcp.child.pid) && has(t.udp.child.pid) &&
      report.otherHosts.packets >= OTHER_FRAMES &&
      (has(t.short.child.pid) || report.unattributed.flows > 0);
    if (settled || i >= 150) {
      console.log(`all accounted ${Date.now() - t.endMs} ms after the traffic ended`);
      return { report, flows };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Each program has its own flows' bytes, to the byte; the short one its own or none. */
function assertAttribution(report: Report, flows: FlowRow[], t: Traffic): void {
  assert.equal(report.available, true);
  assert.equal(report.via, "helper");
  assert.equal(report.refresh.error, null);
  const row = (pid: number) => report.processes.find((p) => p.pid === pid);

  const tcpFlow = localFlow(flows, "tcp", t.tcpPort);
  assert.ok(tcpFlow, "the TCP client's flow is in the table");
  const tcpRow = row(t.tcp.child.pid);
  assert.ok(tcpRow, `the TCP client is listed: ${JSON.stringify(report.processes)}`);
  assert.deepEqual([tcpRow.name, tcpRow.user], ["ws-tcp-client", "root"]);
  assert.deepEqual([tcpRow.upBytes, tcpRow.downBytes], [tcpFlow.up, tcpFlow.down]);
  assert.ok(tcpRow.upBytes > TCP_BYTES, `${tcpRow.upBytes} bytes up`);
  assert.equal(tcpRow.totalFlows, 1);
  assert.equal(tcpFlow.owner?.pid, t.tcp.child.pid, "the flow row names its process");

  // The UDP sender: every datagram, each one frame of known size, none received.
  const udpRow = row(t.udp.child.pid);
  assert.ok(udpRow, "the UDP sender is listed");
  assert.equal(udpRow.name, "ws-udp-sender");
  assert.deepEqual(
    [udpRow.upPackets, udpRow.upBytes, udpRow.downBytes],
    [DATAGRAMS, DATAGRAMS * DATAGRAM_FRAME, 0],
  );
  assert.equal(localFlow(flows, "udp", t.udpPort)?.owner?.pid, t.udp.child.pid);

  // The short client: its own bytes, or unattributed; never another program's.
  const shortRow = row(t.short.child.pid);
  const shortFlow = flows.find((f) =>
    f.protocol === "tcp" && f.bPort === TCP_PORT && f.aPort !== t.tcpPort &&
    f.aIp === ROOT_ADDRESS
  );
  assert.ok(shortFlow, "the short client's flow is in the table");
  const shortBytes = bytesOf(shortFlow, true);
  if (shortRow) {
    assert.equal(shortRow.name, "ws-short");
    assert.deepEqual([shortRow.upBytes, shortRow.downBytes], [shortBytes.up, shortBytes.down]);
  } else {
    assert.ok(
      report.unattributed.bytes >= shortBytes.up + shortBytes.down,
      `the short client's ${shortBytes.up + shortBytes.down} bytes are counted unattributed`,
    );
  }
  assert.ok([null, t.short.child.pid].includes(shortFlow.aProcess?.pid ?? null));
  console.log(
    `short-lived client: ${shortRow ? "attributed" : "unattributed"}; ` +
      `unattributed ${report.unattributed.bytes} bytes in ${report.unattributed.flows} flows`,
  );

  // Other hosts' frames belong to no process; the peer's programs are not this host's.
  assert.ok(report.otherHosts.packets >= OTHER_FRAMES, JSON.stringify(report.otherHosts));
  assert.ok(!report.processes.some((p) => p.name === "python3"), "the peer is not listed");
}

/**
 * Prometheus gets the busiest programs: the TCP client's line is its row's count, and
 * `promtool check metrics` passes on the whole text.
 */
async function assertMetrics(served: ServedCli, report: Report, pid: number): Promise<void> {
  // The document is at most a second old; the client's counts no longer change.
  await new Promise((r) => setTimeout(r, 1100));
  const upBytes = report.processes.find((p) => p.pid === pid)!.upBytes;
  const metrics = await (await fetch(new URL("/metrics", served.url))).text();
  assert.match(
    metrics,
    new RegExp(
      `wirescope_process_bytes_total\\{pid="${pid}",process="ws-tcp-client",` +
        `direction="up"\\} ${upBytes}\n`,
    ),
  );
  const check = await promtoolCheck(metrics);
  assert.equal(check.code, 0, `promtool check metrics: ${check.output}`);
}

/**
 * The Processes panel lists the TCP client, the conversations name it at its end, and axe-core
 * finds no serious or critical violation on the live page.
 */
async function assertDashboard(served: ServedCli, pid: number): Promise<void> {
  if (browserUnavailable) return; // dashboard_page.ts refuses this in CI
  const browser = await launchBrowser();
  try {
    await browser.page.goto(served.url);
    const row = browser.page.locator(`[data-testid="processes-table"] tr[data-pid="${pid}"]`);
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await row.innerText(), /ws-tcp-client[\s\S]*root/);
    await browser.page.locator('[data-testid="flow-process"]', { hasText: "ws-tcp-client" })
      .first().waitFor({ timeout: UI_TIMEOUT_MS });
    assert.deepEqual(browser.errors, []);
    // The live-only parts meet WCAG 2.1 AA as the rest of the page does (dashboard_axe_test).
    for (const panel of await browser.page.locator(".panel").all()) {
      await panel.scrollIntoViewIfNeeded();
    }
    const serious = (await axeViolations(browser.page))
      .filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(serious, []);
  } finally {
    await browser.close();
  }
}

/**
 * The analyzer holds no capability on any thread; the helper exactly two on its working thread
 * and none on the others, all as nobody, with no way to gain more.
 */
function assertPrivileges(main: number): void {
  for (const t of threads(main)) {
    assert.equal(BigInt(`0x${t.get("CapEff")}`), 0n, `analyzer thread ${t.get("Tid")}`);
    assert.equal(BigInt(`0x${t.get("CapPrm")}`), 0n, `analyzer thread ${t.get("Tid")}`);
    assert.equal(Number(t.get("Uid")!.split(/\s+/)[1]), NOBODY);
  }
  const helper = helperOf(main);
  for (const t of threads(helper)) {
    const working = t.get("Tid") === String(helper);
    const expected = working ? HELPER_CAPABILITIES : 0n;
    assert.equal(BigInt(`0x${t.get("CapEff")}`), expected, `helper thread ${t.get("Tid")}`);
    assert.equal(BigInt(`0x${t.get("CapPrm")}`), expected, `helper thread ${t.get("Tid")}`);
    assert.equal(BigInt(`0x${t.get("CapInh")}`), 0n);
    assert.deepEqual(t.get("Uid")!.split(/\s+/).map(Number), [NOBODY, NOBODY, NOBODY, NOBODY]);
    if (working) assert.equal(t.get("NoNewPrivs"), "1");
  }
}

Deno.test({
  name: "/api/processes attributes each program's bytes, through a helper, with wirescope dropped",
  ignore: unavailable !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const net = await TestNetwork.create();
    const running: Program[] = [];
    let served: ServedCli | undefined;
    try {
      const peer = start(PEER, net.namespace, "ready");
      running.push(peer);
      await peer.done;
      served = await startServedCli(["-i", net.rootInterface, "--port", "0", "--no-db"]);
      await served.printed(/privileges dropped: running as nobody/);
      // The helper's first scan is in before any traffic.
      for (let i = 0; (await getJson<Report>(served, "/api/processes")).refresh.scans < 1; i++) {
        assert.ok(i < 100, "no socket scan within 10 s");
        await new Promise((r) => setTimeout(r, 100));
      }
      const traffic = await makeTraffic(net, running);
      const { report, flows } = await whenAccounted(served, traffic);
      assertAttribution(report, flows, traffic);
      await assertMetrics(served, report, traffic.tcp.child.pid);
      await assertDashboard(served, traffic.tcp.child.pid);
      assertPrivileges(served.child.pid);
    } finally {
      for (const program of running) await program.finish();
      await served?.stop();
      await net.close();
    }
  },
});

Deno.test({
  name: "--no-processes turns attribution off: /api/processes says so, /metrics has no programs",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const served = await startServedCli([
      "-r",
      capturePath(captureNames()[0]!),
      "--no-processes",
      "--port",
      "0",
    ]);
    try {
      const report = await getJson<Report & { reason: string }>(served, "/api/processes");
      assert.deepEqual([report.available, report.reason], [
        false,
        "turned off with --no-processes",
      ]);
      const metrics = await (await fetch(new URL("/metrics", served.url))).text();
      assert.doesNotMatch(metrics, /wirescope_process_/);
    } finally {
      await served.stop();
    }
  },
});

Deno.test({
  name: "a file has no processes: /api/processes says so and lists none",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const served = await startServedCli(["-r", capturePath(captureNames()[0]!), "--port", "0"]);
    try {
      const report = await getJson<Report & { reason: string }>(served, "/api/processes");
      assert.deepEqual([report.available, report.reason, report.processes], [
        false,
        "a file has no processes",
        [],
      ]);
      const stats = await getJson<{ processes: { available: boolean } }>(served, "/stats");
      assert.equal(stats.processes.available, false);
    } finally {
      await served.stop();
    }
  },
});
