/**
 * Payload detectors end to end, as a user runs them (`-r FILE --report json` with
 * `--payload-rules FILE` and `--alert-payload`), on a capture scapy builds: the rules' alerts
 * count the packets tshark's own matcher finds (`frame contains`, `frame matches`), the entropy
 * alert counts the packets Python's entropy of the same payloads marks, and without the flags
 * no payload alert exists. Bad rules files and flags get one line.
 */
import assert from "node:assert/strict";
import type { Alert } from "../alerts/alert.ts";
import { runCli } from "./support/run_cli.ts";

/** Debian's python3, where python3-scapy installs (a pyenv shim's python would not see it). */
const PYTHON = "/usr/bin/python3";

const BUILD = `
import json, math, random, sys
from scapy.all import Ether, IP, TCP, UDP, Raw, wrpcap
rnd = random.Random(7)
def rand(n): return bytes(rnd.randrange(256) for _ in range(n))
def entropy(b):
    counts = [0] * 256
    for x in b: counts[x] += 1
    return -sum(c / len(b) * math.log2(c / len(b)) for c in counts if c)
packets, t = [], 1_700_000_000.0
def add(p):
    global t
    t += 0.01
    p.time = t
    packets.append(p)
def tcp(src, dst, dport, payload, sport=40000):
    add(Ether() / IP(src=src, dst=dst) / TCP(sport=sport, dport=dport, flags="PA") / Raw(payload))
for i in range(3):
    tcp("10.0.0.5", "10.0.0.80", 80, b"GET /cgi-bin/../../etc/passwd HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n")
for i in range(20):
    tcp("10.0.0.4", "10.0.0.80", 80, b"GET /index.html HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n" * 5)
for i in range(8):
    tcp("10.0.0.6", "10.0.0.80", 80, rand(600))
for i in range(8):
    tcp("10.0.0.7", "10.0.0.81", 443, rand(600))
for i in range(8):
    tcp("10.0.0.80", "10.0.0.4", 40000, rand(600), sport=80)
add(Ether() / IP(src="10.0.0.8", dst="10.0.0.9") / UDP(sport=5000, dport=5001)
    / Raw(b"id=1 UnIoN   SeLeCt password FROM users"))
wrpcap(sys.argv[1], packets)
ports = {21, 23, 25, 80, 110, 143, 389, 514, 1883, 6667, 8080}
high = [p for p in packets if TCP in p and p[TCP].dport in ports and len(p[Raw].load) >= 256
        and entropy(p[Raw].load[:1500]) >= 7]
print(json.dumps({"entropyHits": len(high), "entropyClients": sorted({p[IP].src for p in high})}))
`;

const RULES = "# test rules\netc-passwd  /etc/passwd\nsql-union   (?i)union\\s+select\n";

const dir = Deno.makeTempDirSync({ prefix: "wirescope-payload-" });
Deno.chmodSync(dir, 0o755);
const pcap = `${dir}/payloads.pcap`;
const rules = `${dir}/rules.txt`;
Deno.writeTextFileSync(rules, RULES, { mode: 0o644 });

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, `${cmd}: ${new TextDecoder().decode(out.stderr)}`);
  return text;
}

const built = JSON.parse(await run(PYTHON, ["-c", BUILD, pcap])) as {
  entropyHits: number;
  entropyClients: string[];
};
Deno.chmodSync(pcap, 0o644);

/** Frames tshark's display filter keeps. */
async function tsharkCount(filter: string): Promise<number> {
  const text = await run("tshark", [
    "-r",
    pcap,
    "-Y",
    filter,
    "-T",
    "fields",
    "-e",
    "frame.number",
  ]);
  return text.split("\n").filter((line) => line.trim() !== "").length;
}

async function alertsOf(args: string[]): Promise<Alert[]> {
  const out = await runCli(["-r", pcap, "--report", "json", ...args]);
  assert.equal(out.code, 0, out.stderr);
  return (JSON.parse(out.stdout) as { alerts: Alert[] }).alerts;
}

Deno.test("--payload-rules: each rule's alert names client and server and counts tshark's matches", async () => {
  const alerts = await alertsOf(["--payload-rules", rules]);
  const passwd = alerts.find((a) => a.rule === "payload.rule.etc-passwd");
  const union = alerts.find((a) => a.rule === "payload.rule.sql-union");
  assert.ok(passwd && union, JSON.stringify(alerts.map((a) => a.rule)));
  assert.equal(passwd.evidence.packets, await tsharkCount('frame contains "/etc/passwd"'));
  assert.equal(passwd.evidence.packets, 3);
  assert.deepEqual(passwd.subject.addresses, ["10.0.0.5", "10.0.0.80"]);
  assert.equal(passwd.evidence.port, 80);
  assert.equal(passwd.severity, "warning");
  assert.equal(union.evidence.packets, await tsharkCount('frame matches "(?i)union\\\\s+select"'));
  assert.deepEqual(union.subject.addresses, ["10.0.0.8", "10.0.0.9"]);
  assert.equal(union.evidence.protocol, "udp");
  assert.equal(alerts.some((a) => a.rule === "payload.entropy"), false, "entropy not asked for");
});

Deno.test("--alert-payload: high-entropy payloads toward a cleartext port, as Python counts them", async () => {
  const alerts = (await alertsOf(["--alert-payload"])).filter((a) => a.rule.startsWith("payload"));
  assert.equal(alerts.length, 1, JSON.stringify(alerts));
  const [entropy] = alerts;
  assert.equal(entropy!.rule, "payload.entropy");
  assert.deepEqual([entropy!.evidence.client], built.entropyClients);
  assert.equal(entropy!.evidence.packets, built.entropyHits);
  assert.equal(entropy!.evidence.port, 80);
  assert.ok(Number(entropy!.evidence.meanBitsPerByte) > 7);
});

Deno.test("without the payload flags no payload alert is raised", async () => {
  const alerts = await alertsOf([]);
  assert.deepEqual(alerts.filter((a) => a.rule.startsWith("payload")), []);
});

Deno.test("payload flags used wrongly get one line and a non-zero status", async () => {
  const cases: [string[], number, RegExp][] = [
    [
      ["--payload-rules", `${dir}/missing.txt`],
      1,
      /Cannot read payload rules ".*missing.txt": no such file/,
    ],
    [["--payload-rules", rules, "--no-alerts"], 2, /Cannot use --payload-rules with --no-alerts/],
    [["--alert-payload", "--no-alerts"], 2, /Cannot use --alert-payload with --no-alerts/],
    [["--payload-rules", ""], 2, /Invalid --payload-rules: the value is empty/],
  ];
  const bad = `${dir}/bad.txt`;
  Deno.writeTextFileSync(bad, "ok abc\nbroken (a\n", { mode: 0o644 });
  cases.push([["--payload-rules", bad], 1, /Invalid payload pattern in ".*bad.txt", line 2: /]);
  for (const [args, code, message] of cases) {
    const out = await runCli(["-r", pcap, "--report", "json", ...args]);
    assert.equal(out.code, code, `${args.join(" ")}: ${out.stderr}`);
    assert.match(out.stderr, message);
    assert.equal(out.stderr.trim().split("\n").length, 1, out.stderr);
    assert.equal(out.stdout, "");
  }
});
