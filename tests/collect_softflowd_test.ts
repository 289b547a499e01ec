/**
 * The collector against the real exporter and the real collector: softflowd reads corpus
 * captures and exports them as NetFlow v5, v9 and IPFIX, once to wirescope `--collect` and once
 * to nfcapd; the flows, packets and bytes wirescope counts (per exporter version, and per
 * protocol over all of them) must equal what nfdump reads back from nfcapd's files.
 */
import assert from "node:assert/strict";
import { capturePath } from "./support/captures.ts";
import { Nfcapd } from "./support/nfcapd.ts";
import { startServedCli } from "./support/served_cli.ts";

const CAPTURES = [
  "dns_udp_tcp_fragmented_v4v6.pcap",
  "icmp_echo_5_pings.pcap",
  "icmpv6_nd_ra_mldv2_hopbyhop.pcap",
  "ipv6_esp_mld.pcap",
  "nmap_syn_scan.pcap",
];
const VERSIONS = [5, 9, 10];
/** How long records may take to reach wirescope after softflowd has exited (loopback). */
const ARRIVAL_MS = 15_000;

async function run(command: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`${command} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return text;
}

/** softflowd reading `file` and exporting every flow to `port` as NetFlow `version`. */
async function softflowd(file: string, port: number, version: number, dir: string): Promise<void> {
  // -c none: no control socket (with one, softflowd 1.1.0 waits on it instead of reading -r).
  await run("softflowd", [
    "-r",
    file,
    "-n",
    `127.0.0.1:${port}`,
    "-v",
    String(version),
    "-d",
    "-c",
    "none",
    "-p",
    `${dir}/softflowd.pid`,
  ]);
}

/** nfdump's `-I` summary of every file in `dir`: Flows, Packets_tcp, Bytes_udp... */
async function nfdumpTotals(dir: string): Promise<Record<string, number>> {
  const text = await run("nfdump", ["-R", dir, "-I"]);
  const out: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const m = /^(\w[\w ]*): (\d+)$/.exec(line.trim());
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** Everything `VERSIONS` x `CAPTURES` gives nfcapd, one nfcapd (and folder) per version. */
async function throughNfcapd(root: string): Promise<Map<number, Record<string, number>>> {
  const totals = new Map<number, Record<string, number>>();
  for (const version of VERSIONS) {
    const nfcapd = await Nfcapd.start();
    try {
      for (const name of CAPTURES) await softflowd(capturePath(name), nfcapd.port, version, root);
      await new Promise((r) => setTimeout(r, 1000));
      // Stopping makes nfcapd write its last file.
      await nfcapd.stop();
      totals.set(version, await nfdumpTotals(nfcapd.dir));
    } finally {
      await nfcapd.remove();
    }
  }
  return totals;
}

interface Exporter {
  version: number;
  sequenceErrors: number;
  flows: number;
  flowPackets: number;
  flowBytes: number;
  drops: Record<string, number>;
}
interface Document {
  packets: number;
  bytes: number;
  ipProtocols: { number: number; packets: number; bytes: number }[];
  collector: { exporters: Exporter[]; dropped: Record<string, number> };
}

Deno.test("softflowd -v 5, 9 and 10 to --collect: wirescope's totals equal nfdump's of the same export", async () => {
  const root = Deno.makeTempDirSync({ prefix: "wirescope-collect-" });
  const expected = await throughNfcapd(root);
  const served = await startServedCli(["--collect", "udp:0", "--port", "0", "--no-db"]);
  try {
    await served.printed(/collecting NetFlow\/IPFIX on udp:127\.0\.0\.1:(\d+)/);
    const port = Number(/on udp:127\.0\.0\.1:(\d+)/.exec(served.stderr())![1]);
    for (const version of VERSIONS) {
      for (const name of CAPTURES) await softflowd(capturePath(name), port, version, root);
    }
    const wanted = [...expected.values()].reduce((sum, t) => sum + t.Flows!, 0);
    let doc: Document;
    const deadline = Date.now() + ARRIVAL_MS;
    do {
      await new Promise((r) => setTimeout(r, 200));
      doc = await (await fetch(`${served.url}stats`)).json();
    } while (
      doc.collector.exporters.reduce((sum, e) => sum + e.flows, 0) < wanted && Date.now() < deadline
    );
    for (const version of VERSIONS) {
      const nf = expected.get(version)!;
      const ours = doc.collector.exporters.find((e) => e.version === version);
      assert.ok(ours, `an exporter speaking v${version}: ${JSON.stringify(doc.collector)}`);
      assert.ok(nf.Flows! > 0, `nfdump read v${version} flows`);
      assert.deepEqual(
        [ours.flows, ours.flowPackets, ours.flowBytes],
        [nf.Flows, nf.Packets, nf.Bytes],
        `v${version}: wirescope [flows, packets, bytes] against nfdump's`,
      );
      assert.deepEqual(ours.drops, {});
      assert.equal(
        ours.sequenceErrors,
        nf["Sequence failures"] ?? nf.Sequence_failures,
        `v${version}: sequence errors`,
      );
    }
    assert.deepEqual(doc.collector.dropped, {});
    // The statistics engine counted every record's packets and bytes, per protocol as nfdump
    // groups them (ICMP for IPv4 and IPv6 together, "other" for the rest).
    const sum = (key: string) => [...expected.values()].reduce((s, t) => s + (t[key] ?? 0), 0);
    const proto = (numbers: number[], field: "packets" | "bytes") =>
      doc.ipProtocols.filter((p) => numbers.includes(p.number)).reduce((s, p) => s + p[field], 0);
    const all = doc.ipProtocols.map((p) => p.number);
    const other = all.filter((n) => ![6, 17, 1, 58].includes(n));
    assert.deepEqual(
      {
        packets: doc.packets,
        bytes: doc.bytes,
        tcp: [proto([6], "packets"), proto([6], "bytes")],
        udp: [proto([17], "packets"), proto([17], "bytes")],
        icmp: [proto([1, 58], "packets"), proto([1, 58], "bytes")],
        other: [proto(other, "packets"), proto(other, "bytes")],
      },
      {
        packets: sum("Packets"),
        bytes: sum("Bytes"),
        tcp: [sum("Packets_tcp"), sum("Bytes_tcp")],
        udp: [sum("Packets_udp"), sum("Bytes_udp")],
        icmp: [sum("Packets_icmp"), sum("Bytes_icmp")],
        other: [sum("Packets_other"), sum("Bytes_other")],
      },
    );
    console.log(
      `nfdump per version ${JSON.stringify(Object.fromEntries(expected))}\n` +
        `wirescope per version ${JSON.stringify(doc.collector.exporters)}`,
    );
  } finally {
    await served.stop();
    Deno.removeSync(root, { recursive: true });
  }
});
