/**
 * The whole pipeline on every new link type: a pcap of the built frames of each
 * (`capture/decode/testdata/link_type_frames.ts`) read by `wirescope -r F --report json` as a
 * user would, through libpcap, the capture worker and the statistics, against tshark's view of
 * the same file: packets, bytes (`frame.len`: SunATM's pseudo-header is not counted), outer
 * classes, top sources and DNS names.
 */
import assert from "node:assert/strict";
import { type BuiltCase, LINK_TYPE_GROUPS } from "../capture/decode/testdata/link_type_frames.ts";
import { builtPcap, tsharkView } from "../capture/decode/testdata/tshark_view.ts";
import { dltName } from "../capture/decode/link_types.ts";
import { runCli } from "./support/run_cli.ts";

const CONCURRENT_RUNS = 3;

/** One link type's capture, reported by wirescope and compared with tshark's view of it. */
async function checkGroup(group: readonly BuiltCase[]): Promise<void> {
  const linkType = group[0]!.linkType;
  const name = dltName(linkType)!;
  {
    const theirs = await tsharkView(group);
    const dir = await Deno.makeTempDir({ prefix: "wirescope-link-" });
    try {
      const path = `${dir}/${name}.pcap`;
      await Deno.writeFile(path, builtPcap(group));
      const result = await runCli(["-r", path, "--report", "json"]);
      assert.equal(result.code, 0, `${name}: ${result.stderr}`);
      const report = JSON.parse(result.stdout);
      const outerL3: Record<string, number> = { ipv4: 0, ipv6: 0, arp: 0, other: 0 };
      const outerL4: Record<string, number> = { tcp: 0, udp: 0, icmp: 0, icmpv6: 0, other: 0 };
      const sources = new Map<string, { ip: string; packets: number; bytes: number }>();
      const dns: Record<string, number> = {};
      for (const t of theirs) {
        outerL3[t.l3] = (outerL3[t.l3] ?? 0) + 1;
        if (t.l4 !== "none") outerL4[t.l4] = (outerL4[t.l4] ?? 0) + 1;
        if (t.src !== null) {
          const s = sources.get(t.src) ?? { ip: t.src, packets: 0, bytes: 0 };
          s.packets++;
          s.bytes += t.len;
          sources.set(t.src, s);
        }
        for (const q of t.dnsQueries) dns[q] = (dns[q] ?? 0) + 1;
      }
      assert.equal(report.linkType, name, `${name} linkType`);
      assert.equal(report.packets, theirs.length, `${name} packets`);
      assert.equal(report.bytes, theirs.reduce((n, t) => n + t.len, 0), `${name} bytes`);
      assert.deepEqual(report.outerL3, outerL3, `${name} outerL3`);
      assert.deepEqual(report.outerL4, outerL4, `${name} outerL4`);
      const top = [...sources.values()].sort((a, b) =>
        b.packets - a.packets || b.bytes - a.bytes || (a.ip < b.ip ? -1 : 1)
      );
      assert.deepEqual(
        report.topSources.map((r: { ip: string; packets: number; bytes: number }) => ({
          ip: r.ip,
          packets: r.packets,
          bytes: r.bytes,
        })),
        top.slice(0, 10),
        `${name} topSources`,
      );
      assert.deepEqual(report.dns.queries, dns, `${name} dns.queries`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
}

Deno.test("--report json counts a capture of every new link type as tshark does", async () => {
  // A few at a time: each run is mostly waiting on start-up, but a crowd of them on a shared
  // 2-core machine could run past the CLI's timeout.
  const queue = [...LINK_TYPE_GROUPS];
  const worker = async () => {
    for (let group = queue.shift(); group !== undefined; group = queue.shift()) {
      await checkGroup(group);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_RUNS }, worker));
});
