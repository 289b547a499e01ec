/**
 * Bad input at the command line: every case gets one line on stderr naming the problem, a
 * non-zero exit status and no stack trace.
 */
import assert from "node:assert/strict";
import { capturePath } from "./support/captures.ts";
import { type CliResult, runCli } from "./support/run_cli.ts";

const scratch = Deno.makeTempDirSync({ prefix: "wirescope-cli-" });
const file = (name: string, bytes: Uint8Array) => {
  const path = `${scratch}/${name}`;
  Deno.writeFileSync(path, bytes);
  return path;
};

function assertOneLineError(result: CliResult, code: number, pattern: RegExp): void {
  const lines = result.stderr.trim().split("\n");
  assert.equal(result.code, code, `exit code; stderr: ${result.stderr}`);
  assert.equal(lines.length, 1, `one line expected, got:\n${result.stderr}`);
  assert.match(lines[0]!, /^wirescope: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(result.stderr, /^\s+at /m, "no stack trace");
}

const cases: [string, () => Promise<CliResult>, number, RegExp][] = [
  ["an unknown flag", () => runCli(["--frobnicate"]), 2, /Unknown option "--frobnicate"/],
  ["a flag without its value", () => runCli(["-r"]), 2, /"--read" needs a value/],
  [
    "a flag where a value should be",
    () => runCli(["-r", "-c", "5"]),
    2,
    /"--read" needs a value, got the flag "-c"/,
  ],
  ["a non-numeric count", () => runCli(["-c", "ten"]), 2, /Invalid --count "ten"/],
  ["a port out of range", () => runCli(["--port", "70000"]), 2, /Invalid --port 70000/],
  ["an invalid bind address", () => runCli(["--bind", "example.com"]), 2, /Invalid --bind/],
  ["a bad report format", () => runCli(["--report=xml"]), 2, /Invalid --report format "xml"/],
  ["-i together with -r", () => runCli(["-i", "lo", "-r", "x.pcap"]), 2, /-i and -r together/],
  [
    "a local network with a bad prefix",
    () => runCli(["--local-net", "10.0.0.0/33"]),
    2,
    /Invalid --local-net "10\.0\.0\.0\/33": prefix length must be 0 to 32/,
  ],
  [
    "a missing GeoIP database",
    () =>
      runCli([
        "-r",
        capturePath("icmp_echo_5_pings.pcap"),
        "--report",
        "--geoip",
        `${scratch}/no.mmdb`,
      ]),
    1,
    /Cannot open GeoIP database ".*no\.mmdb": no such file/,
  ],
  [
    "a GeoIP database that is not one",
    () =>
      runCli([
        "-r",
        capturePath("icmp_echo_5_pings.pcap"),
        "--report",
        "--asn",
        capturePath("icmp_echo_5_pings.pcap"),
      ]),
    1,
    /Cannot open ASN database ".*": not a MaxMind database/,
  ],
  ["a missing file", () => runCli(["-r", `${scratch}/nope.pcap`, "--report"]), 1, /no such file/],
  ["a directory", () => runCli(["-r", scratch, "--report"]), 1, /it is a directory/],
  [
    "an empty file",
    () => runCli(["-r", file("empty.pcap", new Uint8Array()), "--report"]),
    1,
    /the file is empty/,
  ],
  [
    "a file that is not a capture",
    () => runCli(["-r", file("notes.txt", new TextEncoder().encode("hello, world\n")), "--report"]),
    1,
    /Cannot read ".*notes\.txt": unknown file format/,
  ],
  [
    "a BPF syntax error",
    () => runCli(["-r", capturePath("icmp_echo_5_pings.pcap"), "--report", "port", "port"]),
    1,
    /Cannot use filter "port port": .*syntax error/,
  ],
  [
    "an unknown interface",
    () => runCli(["-i", "nosuchif0", "--report", "-c", "1"]),
    1,
    /Cannot capture on "nosuchif0": no such device.*available: .*\blo\b/,
  ],
  [
    "libpcap that cannot be loaded",
    () => runCli(["-V"], { env: { WIRESCOPE_LIBPCAP: "/nonexistent/libpcap.so.9" } }),
    1,
    /Cannot load libpcap: tried \/nonexistent\/libpcap\.so\.9; install it with/,
  ],
];

for (const [what, run, code, pattern] of cases) {
  Deno.test(`the CLI answers ${what} with one line and exit status ${code}`, async () => {
    assertOneLineError(await run(), code, pattern);
  });
}

Deno.test("a file cut in the middle of a record: packets before the cut are reported", async () => {
  const whole = Deno.readFileSync(capturePath("icmp_echo_5_pings.pcap"));
  // 24-byte header, then 10 records of 16 + 98 bytes: cut inside the 6th record's data.
  const cut = file("cut.pcap", whole.subarray(0, 24 + 5 * 114 + 40));
  const result = await runCli(["-r", cut, "--report", "json"]);
  assert.equal(result.code, 1, result.stderr);
  assert.equal(JSON.parse(result.stdout).packets, 5);
  assert.match(
    result.stderr.trim(),
    /^wirescope: .*truncated.*; 5 packets before it were counted$/,
  );
});

Deno.test({
  name: "capturing without CAP_NET_RAW explains sudo and setcap",
  // Needs root to drop capabilities from; CI runs as root and must not skip it.
  ignore: Deno.build.os !== "linux" || (Deno.uid() !== 0 && !Deno.env.get("CI")),
  async fn() {
    // Root without the capture capabilities is what an unprivileged user looks like to libpcap.
    const result = await runCli(["-i", "lo", "-c", "1", "--report"], {
      prefix: ["setpriv", "--bounding-set=-net_raw,-net_admin", "--inh-caps=-net_raw,-net_admin"],
    });
    assertOneLineError(result, 1, /permission denied.*sudo.*setcap cap_net_raw,cap_net_admin\+eip/);
  },
});

Deno.test("--help and --version print and exit 0", async () => {
  const help = await runCli(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage:/);
  const version = await runCli(["-V"]);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^wirescope \d+\.\d+\.\d+\nlibpcap version \d/);
});

Deno.test("-D lists interfaces with flags and addresses", async () => {
  const result = await runCli(["-D"]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^\d+\.lo .*\[Up, Running, Loopback\] 127\.0\.0\.1/m);
});

Deno.test("a port already in use gets one line naming the address", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (listener.addr as Deno.NetAddr).port;
    const result = await runCli(["-r", capturePath("icmp_echo_5_pings.pcap"), "--port", `${port}`]);
    assertOneLineError(
      result,
      1,
      new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${port}: address already in use`),
    );
  } finally {
    listener.close();
  }
});
