/**
 * `--ipfix` against the real collector: for corpus captures, wirescope exports to nfcapd on
 * loopback (one record per direction, then biflow), nfdump reads the flows back, and they must
 * add up to wirescope's own report and to tshark:
 *
 * - packets per protocol (TCP, UDP, ICMP, ICMPv6, the rest) equal the report's outer-L4 counts;
 * - octets equal the IP lengths tshark reads (octetDeltaCount counts IP header and payload);
 * - biflow: one record per flow the table made (`flows.created`: every flow leaves once), whose
 *   distinct TCP/UDP 5-tuples are the report's conversations; uniflow: one record per direction
 *   that carried packets;
 * - nfcapd saw no sequence error and no bad packet, and VLAN IDs arrive.
 *
 * softflowd exports the same captures to a second nfcapd as the reference peer; both are
 * printed side by side (the README's export section keeps the table).
 */
import assert from "node:assert/strict";
import { capturePath } from "./support/captures.ts";
import { runCli } from "./support/run_cli.ts";
import { Nfcapd, type NfdumpFlow } from "./support/nfcapd.ts";

const CAPTURES = [
  "http11_wikipedia_lan_mix.pcap",
  "dns_udp_tcp_fragmented_v4v6.pcap",
  "nmap_syn_scan.pcap",
  "icmpv6_nd_ra_mldv2_hopbyhop.pcap",
  "tunnel_gre_icmp_ntp_ssh.pcap",
  "vlan_arp_icmp_echo_cisco.pcap",
  "sctp_megaco_bigendian.cap",
  "tls_sni_many_sites.pcapng",
];
const TOOLS = ["nfcapd", "nfdump", "softflowd", "tshark"];

type Classes = { tcp: number; udp: number; icmp: number; icmpv6: number; other: number };

interface Report {
  outerL3: { ipv4: number; ipv6: number };
  outerL4: { tcp: number; udp: number; icmp: number; icmpv6: number };
  conversations: { tcp: number; udp: number };
  flows: { created: number };
}

function onPath(tool: string): boolean {
  try {
    return new Deno.Command("sh", { args: ["-c", `command -v ${tool}`] }).outputSync().success;
  } catch {
    return false;
  }
}

const missing = TOOLS.filter((tool) => !onPath(tool));

function classOf(protocol: string): keyof Classes {
  switch (protocol) {
    case "TCP":
      return "tcp";
    case "UDP":
      return "udp";
    case "ICMP":
      return "icmp";
    case "ICMP6":
      return "icmpv6";
    default:
      return "other";
  }
}

function packetsByClass(flows: NfdumpFlow[]): Classes {
  const sums: Classes = { tcp: 0, udp: 0, icmp: 0, icmpv6: 0, other: 0 };
  for (const f of flows) sums[classOf(f.protocol)] += f.inPackets + f.outPackets;
  return sums;
}

function reportClasses(r: Report): Classes {
  const l4 = r.outerL4;
  const ip = r.outerL3.ipv4 + r.outerL3.ipv6;
  return {
    tcp: l4.tcp,
    udp: l4.udp,
    icmp: l4.icmp,
    icmpv6: l4.icmpv6,
    other: ip - l4.tcp - l4.udp - l4.icmp - l4.icmpv6,
  };
}

/** Sum of each frame's outer-most IP length (IPv4 total length, IPv6 40 + payload length). */
async function tsharkIpOctets(path: string): Promise<number> {
  const out = await new Deno.Command("tshark", {
    args: [
      "-r",
      path,
      "-o",
      "ip.defragment:FALSE",
      "-o",
      "ipv6.defragment:FALSE",
      "-T",
      "fields",
      "-E",
      "occurrence=f",
      "-e",
      "frame.protocols",
      "-e",
      "ip.len",
      "-e",
      "ipv6.plen",
    ],
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.equal(out.code, 0, `tshark could not read ${path}`);
  let octets = 0;
  for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
    if (line === "") continue;
    const [protocols, ipLen, ipv6Plen] = line.split("\t");
    const layers = protocols!.split(":");
    const v4 = layers.indexOf("ip"), v6 = layers.indexOf("ipv6");
    if (v4 >= 0 && (v6 < 0 || v4 < v6)) octets += Number(ipLen);
    else if (v6 >= 0) octets += Number(ipv6Plen) + 40;
  }
  return octets;
}

const octetsOf = (flows: NfdumpFlow[]) => flows.reduce((s, f) => s + f.inBytes + f.outBytes, 0);
const packetsOf = (flows: NfdumpFlow[]) =>
  flows.reduce((s, f) => s + f.inPackets + f.outPackets, 0);

/** Export `capture` to a fresh nfcapd; the flows nfdump reads back, nfcapd's counters, the report. */
async function exportWithWirescope(capture: string, biflow: boolean) {
  const collector = await Nfcapd.start();
  try {
    const result = await runCli([
      "-r",
      capture,
      "--ipfix",
      `127.0.0.1:${collector.port}`,
      ...(biflow ? ["--ipfix-biflow"] : []),
      "--report",
      "json",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const said = /IPFIX to 127\.0\.0\.1:\d+: (\d+) flow records in (\d+) messages\n/.exec(
      result.stderr,
    );
    assert.ok(said, `no IPFIX summary line, or messages lost: ${result.stderr}`);
    const counters = await collector.stop();
    const flows = await collector.flows();
    return {
      report: JSON.parse(result.stdout) as Report,
      counters,
      flows,
      records: Number(said[1]),
    };
  } finally {
    await collector.stop().catch(() => {});
    await collector.remove();
  }
}

async function exportWithSoftflowd(capture: string): Promise<NfdumpFlow[]> {
  const collector = await Nfcapd.start();
  const scratch = await Deno.makeTempDir({ prefix: "softflowd-" });
  try {
    const out = await new Deno.Command("softflowd", {
      args: [
        "-d",
        "-r",
        capture,
        "-n",
        `127.0.0.1:${collector.port}`,
        "-v",
        "10",
        "-p",
        `${scratch}/pid`,
        // No control socket: with one, softflowd waits for commands after the file ends.
        "-c",
        "none",
      ],
      stdout: "null",
      stderr: "piped",
      signal: AbortSignal.timeout(60_000),
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    await collector.stop();
    return await collector.flows();
  } finally {
    await collector.stop().catch(() => {});
    await collector.remove();
    await Deno.remove(scratch, { recursive: true });
  }
}

/** The unordered {(address, port)} pair of a TCP/UDP record, as conversations count them. */
function conversationKey(f: NfdumpFlow): string {
  const a = `${f.srcAddr} ${f.srcPort}`, b = `${f.dstAddr} ${f.dstPort}`;
  return `${f.protocol} ${a < b ? `${a}|${b}` : `${b}|${a}`}`;
}

Deno.test({
  name: "--ipfix: nfdump reads back wirescope's packets, tshark's IP octets and every flow once",
  // In CI a missing tool must fail the test, not skip it (.ci/run installs them).
  ignore: missing.length > 0 && Deno.env.get("CI") === undefined,
  sanitizeResources: false,
  async fn() {
    const table: string[] = [];
    for (const name of CAPTURES) {
      const path = capturePath(name);
      const octets = await tsharkIpOctets(path);
      const uni = await exportWithWirescope(path, false);
      const bi = await exportWithWirescope(path, true);
      const expected = reportClasses(uni.report);
      for (const [mode, run] of [["uniflow", uni], ["biflow", bi]] as const) {
        const what = `${name} (${mode})`;
        assert.deepEqual(packetsByClass(run.flows), expected, `${what}: packets per protocol`);
        assert.equal(octetsOf(run.flows), octets, `${what}: octets against tshark's IP lengths`);
        assert.equal(run.flows.length, run.records, `${what}: records sent = records stored`);
        assert.equal(run.counters.sequenceErrors, 0, `${what}: nfcapd saw sequence errors`);
        assert.equal(run.counters.badPackets, 0, `${what}: nfcapd saw bad packets`);
      }
      assert.ok(uni.flows.every((f) => f.outPackets === 0), `${name}: uniflow has no reverse`);
      assert.equal(bi.flows.length, bi.report.flows.created, `${name}: every flow leaves once`);
      const twoWay = bi.flows.filter((f) => f.outPackets > 0).length;
      assert.equal(uni.flows.length, bi.flows.length + twoWay, `${name}: one record a direction`);
      for (const protocol of ["tcp", "udp"] as const) {
        // Non-first fragments carry no ports: their flows leave with ports 0 and are no
        // conversation (none of these captures has a real port 0).
        const keys = new Set(
          bi.flows.filter((f) => classOf(f.protocol) === protocol && f.srcPort + f.dstPort > 0)
            .map(conversationKey),
        );
        assert.equal(keys.size, bi.report.conversations[protocol], `${name}: ${protocol} pairs`);
      }
      const peer = await exportWithSoftflowd(path);
      table.push(
        `| ${name} | ${uni.flows.length} / ${bi.flows.length} | ${packetsOf(uni.flows)} | ` +
          `${octetsOf(uni.flows)} | ${peer.length} | ${packetsOf(peer)} | ${octetsOf(peer)} |`,
      );
    }
    console.log(
      "| capture | wirescope records (uni / bi) | packets | octets | softflowd records | " +
        "packets | octets |\n| --- | --- | --- | --- | --- | --- | --- |\n" + table.join("\n"),
    );
  },
});

Deno.test({
  name: "--ipfix: the outer VLAN ID of a tagged capture reaches nfdump",
  ignore: missing.length > 0 && Deno.env.get("CI") === undefined,
  sanitizeResources: false,
  async fn() {
    const run = await exportWithWirescope(capturePath("vlan_arp_icmp_echo_cisco.pcap"), false);
    assert.ok(run.flows.length > 0);
    // tshark: every IP frame of this capture carries VLAN 123.
    assert.deepEqual([...new Set(run.flows.map((f) => f.vlan))], [123]);
  },
});
