/**
 * One wirescope's flows into another: `-r FILE --ipfix` exports a corpus capture to a served
 * `--collect`, in both layouts (a record per direction, and RFC 5103 biflows). The collector must
 * count every IP packet of the file once, per protocol as the exporting run's report counts them.
 */
import assert from "node:assert/strict";
import { capturePath } from "./support/captures.ts";
import { runCli } from "./support/run_cli.ts";
import { startServedCli } from "./support/served_cli.ts";

const CAPTURES = ["dns_udp_tcp_fragmented_v4v6.pcap", "icmp_echo_5_pings.pcap"];
const ARRIVAL_MS = 15_000;

interface Totals {
  packets: number;
  tcp: number;
  udp: number;
}

for (const biflow of [false, true]) {
  Deno.test(`--ipfix${biflow ? " --ipfix-biflow" : ""} into --collect: every IP packet counted once`, async () => {
    const served = await startServedCli(["--collect", "udp:0", "--port", "0", "--no-db"]);
    try {
      await served.printed(/collecting NetFlow\/IPFIX on udp:127\.0\.0\.1:(\d+)/);
      const port = Number(/on udp:127\.0\.0\.1:(\d+)/.exec(served.stderr())![1]);
      const want: Totals = { packets: 0, tcp: 0, udp: 0 };
      for (const name of CAPTURES) {
        const args = ["-r", capturePath(name), "--ipfix", `127.0.0.1:${port}`, "--report", "json"];
        const run = await runCli(biflow ? [...args, "--ipfix-biflow"] : args);
        assert.equal(run.code, 0, run.stderr);
        const report = JSON.parse(run.stdout);
        want.packets += report.protocols.ipv4 + report.protocols.ipv6;
        want.tcp += report.protocols.tcp;
        want.udp += report.protocols.udp;
      }
      let doc;
      const deadline = Date.now() + ARRIVAL_MS;
      do {
        await new Promise((r) => setTimeout(r, 200));
        doc = await (await fetch(`${served.url}stats`)).json();
      } while (doc.packets < want.packets && Date.now() < deadline);
      const got: Totals = { packets: doc.packets, tcp: doc.protocols.tcp, udp: doc.protocols.udp };
      assert.deepEqual(got, want);
      assert.deepEqual(doc.collector.dropped, {});
      assert.deepEqual(doc.collector.exporters.map((e: { version: number }) => e.version), [10]);
    } finally {
      await served.stop();
    }
  });
}
