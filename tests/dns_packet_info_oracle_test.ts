/**
 * The packet list's DNS rows against tshark's Info column, on every corpus capture with DNS:
 * each packet tshark dissects as DNS (not inside an ICMP error, whose Info is ICMP's) shows, in
 * the recent-packet list, a line tshark's Info begins with, and that line holds tshark's ID,
 * query/response marker and first question's type and name. One exception, checked as such: a
 * first fragment whose datagram is never completed. The files are read by the capture
 * worker as a user's run reads them, into a list large enough to hold every packet.
 */
import assert from "node:assert/strict";
import { CaptureSession } from "../capture/capture_session.ts";
import { RecentPackets } from "../stats/recent_packets.ts";
import { dnsTypeName } from "../stats/dns_info.ts";
import { parseDisplayFilter } from "../stats/display_filter.ts";
import { captureNames, capturePath, comparableName, tsharkDnsName } from "./support/captures.ts";

interface TsharkDns {
  frame: number;
  id: string;
  response: boolean;
  name: string | null;
  type: number | null;
  info: string;
}

/** tshark's DNS fields and Info of each DNS packet of `path`, ICMP-quoted ones left out. */
async function tsharkDns(path: string): Promise<TsharkDns[]> {
  const fields = ["frame.number", "dns.id", "dns.flags.response", "dns.qry.name"];
  const out = await new Deno.Command("tshark", {
    args: [
      "-r",
      path,
      "-Y",
      "dns && !icmp && !icmpv6",
      "-T",
      "fields",
      "-E",
      "occurrence=f",
      ...[...fields, "dns.qry.type", "_ws.col.Info"].flatMap((f) => ["-e", f]),
    ],
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.ok(out.success, `tshark could not read ${path}`);
  return new TextDecoder().decode(out.stdout).split("\n").filter((l) => l !== "").map((line) => {
    const [frame, id, response, name, type, info] = line.split("\t");
    return {
      frame: Number(frame),
      id: id!,
      response: response === "1" || response === "True",
      name: name ? comparableName(name) : null,
      type: type ? Number(type) : null,
      info: comparableName(info ?? ""),
    };
  });
}

/** The packet list of every packet of `path`, numbered from 1 as tshark numbers frames. */
async function ourList(path: string): Promise<RecentPackets> {
  const recent = new RecentPackets(200_000);
  let seq = 0;
  const session = await CaptureSession.start({
    source: { kind: "file", path },
    onPacket(p) {
      recent.push(p, ++seq);
    },
  });
  await session.done;
  return recent;
}

/** Our packet list's info of every packet of `path`, by frame number. */
async function ourInfo(path: string): Promise<Map<number, string>> {
  return new Map((await ourList(path)).list().map((r) => [r.seq, r.info]));
}

const withDns: string[] = [];
/** Captures with first fragments left unreassembled (the exception above). */
const unreassembled = new Set<string>();
for (const name of captureNames()) {
  const rows = await tsharkDns(capturePath(name));
  if (rows.length > 0) withDns.push(name);
  if (rows.length === 0) continue;
  Deno.test(`DNS rows of ${name} read as tshark's Info column begins`, async () => {
    const ours = await ourInfo(capturePath(name));
    for (const row of rows) {
      const info = ours.get(row.frame);
      assert.ok(info !== undefined, `frame ${row.frame} is missing from the packet list`);
      const shown = tsharkDnsName(info);
      const where = `${name} frame ${row.frame}: ours "${info}", tshark "${row.info}"`;
      if (info.endsWith("(first fragment)")) {
        // A first fragment whose datagram never completes (one tshark reassembles shows no DNS
        // here): tshark reads DNS from the part it has, the inspector only whole datagrams, so
        // the row keeps its headers' words.
        assert.match(info, /^dns len=\d+ \(first fragment\)$/, where);
        unreassembled.add(name);
        continue;
      }
      assert.ok(row.info.startsWith(shown), where);
      assert.ok(shown.includes(`${row.id} `) || shown.endsWith(row.id), where);
      assert.equal(shown.includes(" response "), row.response, where);
      if (row.name !== null && row.type !== null) {
        assert.ok(shown.includes(` ${dnsTypeName(row.type)} ${row.name}`), where);
      }
    }
  });
}

Deno.test("the corpus has DNS to compare in several captures", () => {
  assert.ok(withDns.length >= 8, `only ${withDns.join(", ")}`);
  // The exception is the point of one capture, and only of it.
  assert.deepEqual([...unreassembled], ["dns_truncated_first_fragments.pcap"]);
});

Deno.test('free text "dns" still finds DNS packets whose line no longer says "dns len"', async () => {
  const recent = await ourList(capturePath("dns_udp_tcp_fragmented_v4v6.pcap"));
  const found = new Set(recent.list({ expression: parseDisplayFilter("dns") }).map((r) => r.seq));
  const dns = recent.list().filter((r) =>
    r.info.startsWith("Standard query") && (r.srcPort === 53 || r.dstPort === 53)
  );
  assert.ok(dns.length >= 30, `${dns.length} DNS lines`);
  for (const r of dns) assert.ok(found.has(r.seq), `${r.seq} ${r.info}`);
});
