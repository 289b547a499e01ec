/**
 * `-w` and its rotation flags, used wrongly: one line on stderr, no stack trace, exit status 2
 * for a flag mistake and 1 for a file that cannot be written, and no capture left running.
 */
import assert from "node:assert/strict";
import { capturePath } from "./support/captures.ts";
import { runCli } from "./support/run_cli.ts";

const INPUT = capturePath("icmp_echo_5_pings.pcap");

const USAGE_CASES: Array<[string[], string]> = [
  [["-C", "1"], "Cannot use -C without -w FILE"],
  [["-G", "60"], "Cannot use -G without -w FILE"],
  [["--pcapng"], "Cannot use --pcapng without -w FILE"],
  [["-w", "x.pcap", "-W", "3"], "Cannot use -W without -C or -G: it counts rotated files"],
  [["-w", "-"], "Cannot write packets to standard output: give -w a file name"],
  [
    ["-w", "x.pcap", "-C", "ten"],
    'Invalid --file-size "ten": expected a positive whole number of millions of bytes, or one ' +
    "with k, m or g",
  ],
  [
    ["-w", "x.pcap", "-C", "0"],
    'Invalid --file-size "0": expected a positive whole number of ' +
    "millions of bytes, or one with k, m or g",
  ],
  [["-w", "x.pcap", "-G", "0"], "Invalid --rotate-seconds 0: expected 1 to 31536000"],
  [
    ["-w", "x.pcap", "-C", "1", "-W", "100001"],
    "Invalid --file-count 100001: expected 1 to 100000",
  ],
];

for (const [flags, message] of USAGE_CASES) {
  Deno.test(`wirescope ${flags.join(" ")} says "${message}" and exits 2`, async () => {
    const result = await runCli(["-r", INPUT, ...flags, "--report", "json"]);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, `wirescope: ${message}\n`);
    assert.equal(result.stdout, "");
  });
}

Deno.test("-w into a folder that does not exist fails in one line before reading", async () => {
  const dir = await Deno.makeTempDir({ prefix: "wirescope-wcli-" });
  try {
    for (const flags of [["-w", `${dir}/no/such.pcap`], ["-w", `${dir}/no/%s.pcap`, "-G", "5"]]) {
      const result = await runCli(["-r", INPUT, ...flags, "--report", "json"]);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /^wirescope: Cannot write ".*\/no\/.*": no such directory\n$/);
      assert.equal(result.stdout, "", "no report: nothing was read");
    }
    const result = await runCli(["-r", INPUT, "-w", dir, "--report", "json"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^wirescope: Cannot write ".*": it is a directory\n$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
