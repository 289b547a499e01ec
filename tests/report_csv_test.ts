/**
 * `--report csv`: every conversation as an RFC 4180 record, read back by Python's csv module
 * and checked against tshark's counts (distinct outer TCP and UDP 5-tuples, and their packets).
 * The captures hold no IP fragments: a later fragment has no ports, so the flow table keys it
 * apart from its datagram's 5-tuple while tshark's conversation count does not.
 */
import assert from "node:assert/strict";
import { capturePath, expectedFor } from "./support/captures.ts";
import { runCli } from "./support/run_cli.ts";

const CAPTURES = [
  "lan_mix_android_dhcp_ntp.pcap",
  "nmap_syn_scan.pcap",
  "lan_mix_iphone_wifi.pcap",
  "http11_ocsp_many_hosts_eth_trailer.pcapng",
];

/** Rows as Python's csv.DictReader reads them (strict: malformed quoting is an error). */
async function readCsv(text: string): Promise<Record<string, string>[]> {
  const child = new Deno.Command("python3", {
    args: [
      "-c",
      "import csv, json, sys\nprint(json.dumps(list(csv.DictReader(sys.stdin, strict=True))))",
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const out = await child.output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

for (const name of CAPTURES) {
  Deno.test(`--report csv lists tshark's TCP and UDP conversations of ${name}`, async () => {
    const result = await runCli(["-r", capturePath(name), "--report", "csv"]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.endsWith("\r\n"), "records end in CRLF, the last one too");
    const rows = await readCsv(result.stdout);
    const expected = expectedFor(name);
    for (const protocol of ["tcp", "udp"] as const) {
      const flows = rows.filter((r) => r.protocol === protocol);
      assert.equal(flows.length, expected.outer_5tuples[protocol], `${protocol} conversations`);
      const packets = flows.reduce((sum, r) => sum + Number(r.packets), 0);
      assert.equal(packets, expected.outer_l4[protocol], `${protocol} packets`);
    }
    const bytes = rows.map((r) => Number(r.bytes));
    assert.deepEqual(bytes, bytes.slice().sort((a, b) => b - a), "busiest first");
  });
}

Deno.test("--report with an unknown format is refused in one line", async () => {
  const result = await runCli(["-r", capturePath(CAPTURES[0]!), "--report=xml"]);
  assert.equal(result.code, 2);
  assert.equal(result.stderr, 'wirescope: Invalid --report format "xml": use text, json or csv\n');
});
