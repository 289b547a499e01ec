/** `--blocklist` and `--no-alerts` as a user meets them: alerts on a file, one-line errors. */
import assert from "node:assert/strict";
import type { Alert } from "../alerts/alert.ts";
import { capturePath } from "./support/captures.ts";
import { runCli } from "./support/run_cli.ts";

async function withList(text: string, fn: (path: string) => Promise<void>): Promise<void> {
  const path = await Deno.makeTempFile({ suffix: ".netset" });
  try {
    await Deno.writeTextFile(path, text);
    await fn(path);
  } finally {
    await Deno.remove(path);
  }
}

Deno.test("--blocklist raises blocklist alerts for traffic with a listed network", async () => {
  const list = "# FireHOL-style\n; another comment\n64.13.134.0/24\n\n2001:db8::/32 # trailing\n";
  await withList(list, async (path) => {
    const out = await runCli([
      "-r",
      capturePath("nmap_syn_scan.pcap"),
      "--report",
      "json",
      "--blocklist",
      path,
    ]);
    assert.equal(out.code, 0, out.stderr);
    const alerts = (JSON.parse(out.stdout) as { alerts: Alert[] }).alerts;
    const hit = alerts.find((a) => a.rule === "blocklist");
    assert.ok(hit, JSON.stringify(alerts.map((a) => a.rule)));
    assert.equal(hit.evidence.listed, "64.13.134.52");
    assert.equal(hit.evidence.peer, "172.16.0.8");
    assert.equal(hit.subject.key, "172.16.0.8 -> 64.13.134.52");
    // Counted every second of the scan and folded into one alert.
    assert.ok(hit.count > 1);
  });
});

Deno.test("a missing blocklist file is one line and exit status 1", async () => {
  const out = await runCli([
    "-r",
    capturePath("nmap_syn_scan.pcap"),
    "--blocklist",
    "/nonexistent/x",
  ]);
  assert.equal(out.code, 1);
  assert.equal(
    out.stderr.trim(),
    'wirescope: Cannot read blocklist "/nonexistent/x": no such file',
  );
});

Deno.test("a bad blocklist entry names the file and line", async () => {
  await withList("10.0.0.0/8\n10.1.2.3/33\n", async (path) => {
    const out = await runCli(["-r", capturePath("nmap_syn_scan.pcap"), "--blocklist", path]);
    assert.equal(out.code, 1);
    const lines = out.stderr.trim().split("\n");
    assert.equal(lines.length, 1, out.stderr);
    assert.match(lines[0]!, new RegExp(`blocklist "${path}" line 2 "10\\.1\\.2\\.3/33"`));
  });
});

Deno.test("--blocklist without a file is a usage error (exit status 2)", async () => {
  const out = await runCli(["-r", capturePath("nmap_syn_scan.pcap"), "--blocklist", " "]);
  assert.equal(out.code, 2);
  assert.match(out.stderr, /^wirescope: Invalid --blocklist: the value is empty\n$/);
});
