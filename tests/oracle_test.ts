/**
 * The tshark oracle: for every real capture in the shared corpus, `wirescope -r F --report json`
 * must equal tshark's own counts in expected/<name>.json, and its `packetLengths` what
 * `tshark -z plen,tree` prints for the file. Field meanings are those of
 * `tests/captures/README.md`: outer-most network and transport headers, wire lengths.
 */
import assert from "node:assert/strict";
import { captureNames, capturePath, comparableCounts, expectedFor } from "./support/captures.ts";
import { runCli } from "./support/run_cli.ts";
import { assertPacketLengths, tsharkPacketLengths } from "./support/tshark_plen.ts";

for (const name of captureNames()) {
  Deno.test(`--report json matches tshark on ${name}`, async () => {
    const expected = expectedFor(name);
    const [result, plen] = await Promise.all([
      runCli(["-r", capturePath(name), "--report", "json"]),
      tsharkPacketLengths(capturePath(name)),
    ]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    const firstLinkType = Array.isArray(expected.header.dlt_name)
      ? undefined // several link types: the first interface's is checked by the reader tests
      : expected.header.dlt_name;
    if (firstLinkType) assert.equal(report.linkType, firstLinkType, "linkType");
    assert.equal(report.packets, expected.packets, "packets");
    assert.equal(report.bytes, expected.bytes, "bytes");
    assert.deepEqual(report.protocols, {
      ipv4: expected.outer_l3.ipv4,
      ipv6: expected.outer_l3.ipv6,
      arp: expected.outer_l3.arp,
      other: expected.outer_l3.other,
      tcp: expected.outer_l4.tcp,
      udp: expected.outer_l4.udp,
      icmp: expected.outer_l4.icmp,
      icmpv6: expected.outer_l4.icmpv6,
    }, "protocols");
    assert.deepEqual(report.outerL3, expected.outer_l3, "outerL3");
    assert.deepEqual(report.outerL4, expected.outer_l4, "outerL4");
    const topSources = report.topSources.map((
      r: { ip: string; packets: number; bytes: number },
    ) => ({
      ip: r.ip,
      packets: r.packets,
      bytes: r.bytes,
    }));
    assert.deepEqual(topSources, expected.top_src_ips, "topSources");
    // Our names through tshark's way of showing the same bytes (tests/support/captures.ts).
    const theirs = (counts: Record<string, number>) => comparableCounts(counts);
    assert.deepEqual(
      comparableCounts(report.dns.queries, "dns"),
      theirs(expected.dns_query_name_counts),
      "dns.queries",
    );
    assert.deepEqual(
      comparableCounts(report.tls.sni, "ascii"),
      theirs(expected.tls_sni_counts),
      "tls.sni",
    );
    assert.deepEqual(
      comparableCounts(report.http.hosts, "ascii"),
      theirs(expected.http_host_counts),
      "http.hosts",
    );
    // Every name above was read, none lost: no payload reader failed, no event was dropped.
    assert.deepEqual(report.nameReading, { faults: 0, eventsDropped: 0 }, "nameReading");
    assert.deepEqual(report.conversations, {
      tcp: expected.outer_5tuples.tcp,
      udp: expected.outer_5tuples.udp,
    }, "conversations");
    // Packet sizes as `tshark -z plen,tree` buckets them, read from tshark itself.
    assertPacketLengths(report.packetLengths, plen);
  });
}

Deno.test("--no-names leaves every count as tshark's and reads no names", async () => {
  const name = "lan_mix_android_dhcp_ntp.pcap";
  const expected = expectedFor(name);
  const result = await runCli(["-r", capturePath(name), "--report", "json", "--no-names"]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.packets, expected.packets);
  assert.deepEqual(report.outerL4, expected.outer_l4);
  assert.deepEqual(report.conversations.tcp, expected.outer_5tuples.tcp);
  assert.deepEqual(report.dns.queries, {});
  assert.deepEqual(report.tls.sni, {});
  assert.ok(Object.keys(expected.dns_query_name_counts).length > 0, "the capture has names");
});
