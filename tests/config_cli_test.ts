/**
 * The config file and the history flags as a user meets them: a mistake in the file is one line
 * naming the key, exit status 2, before any capture starts; a database that cannot be opened says
 * so and how to go on without one.
 */
import assert from "node:assert/strict";
import { capturePath } from "./support/captures.ts";
import { runCli } from "./support/run_cli.ts";

const scratch = Deno.makeTempDirSync({ prefix: "wirescope-config-" });
const PCAP = capturePath("icmp_echo_5_pings.pcap");

function oneLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 1, `one line expected, got:\n${stderr}`);
  assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
  return lines[0]!;
}

Deno.test("a config file with an unknown key or a bad value stops wirescope with exit 2, naming the key", async () => {
  const cases: [string, RegExp][] = [
    [
      `[database]\nretension_days = 3\n`,
      /Invalid config ".*bad\.toml": unknown key database\.retension_days$/,
    ],
    [
      `[[notify.webhook]]\nurl = "https://x.example/hook"\nformat = "teams"\n`,
      /notify\.webhook\[0\]\.format "teams" must be one of generic, slack, discord/,
    ],
    [`[alerts.port_scan]\nvertical_min_ports = -1\n`, /alerts\.port_scan\.vertical_min_ports/],
    [`this is = = not toml`, /not TOML/],
  ];
  for (const [text, expected] of cases) {
    const path = `${scratch}/bad.toml`;
    Deno.writeTextFileSync(path, text);
    const result = await runCli(["-r", PCAP, "--report", "json", "--config", path]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(oneLine(result.stderr), expected);
    assert.equal(result.stdout, "", "no report printed");
  }
  const missing = await runCli(["-r", PCAP, "--report", "--config", `${scratch}/none.toml`]);
  assert.equal(missing.code, 2);
  assert.match(oneLine(missing.stderr), /Cannot read config ".*none\.toml": no such file/);
});

Deno.test("a config file's thresholds reach the detectors of a report", async () => {
  // Five pings: no alert with the defaults; a ping sweep of at least one host is one here.
  const path = `${scratch}/sweep.toml`;
  Deno.writeTextFileSync(path, `[alerts.ping_sweep]\nmin_hosts = 1\n`);
  const plain = JSON.parse((await runCli(["-r", PCAP, "--report", "json"])).stdout);
  const tuned = await runCli(["-r", PCAP, "--report", "json", "--config", path]);
  assert.equal(tuned.code, 0, tuned.stderr);
  const rules = (doc: { alerts?: { rule: string }[] }) => (doc.alerts ?? []).map((a) => a.rule);
  assert.ok(!rules(plain).includes("ping_sweep"), JSON.stringify(rules(plain)));
  assert.ok(rules(JSON.parse(tuned.stdout)).includes("ping_sweep"), tuned.stdout.slice(0, 500));
});

Deno.test("--db and --no-db together are a usage error; an unusable --db path names it and --no-db", async () => {
  const both = await runCli(["-r", PCAP, "--db", `${scratch}/h.db`, "--no-db"]);
  assert.equal(both.code, 2);
  assert.match(oneLine(both.stderr), /Cannot use --db and --no-db together/);
  Deno.writeTextFileSync(`${scratch}/file`, "");
  const blocked = await runCli(["-r", PCAP, "--port", "0", "--db", `${scratch}/file/h.db`]);
  assert.equal(blocked.code, 1);
  assert.match(
    oneLine(blocked.stderr),
    /Cannot create folder ".*file" for --db: .*; or run with --no-db/,
  );
});
