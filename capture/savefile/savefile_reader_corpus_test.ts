/**
 * The reader against the real-capture corpus: every file in tests/captures* must give
 * the packet count, byte totals, timestamps and header fields that tshark and the header dump
 * in `expected/<name>.json` record (see that folder's README.md).
 */

import assert from "node:assert/strict";
import { linktypeToDlt } from "./link_type.ts";
import { openSavefile } from "./savefile_reader.ts";
import {
  captureNames,
  capturePath,
  CORPORA,
  corpusNames,
  expectedPath,
} from "../../tests/support/captures.ts";

/** Odd and smaller than most frames, so nearly every record straddles a chunk boundary. */
const TINY_CHUNK_BYTES = 61;

interface Expected {
  header: { format: string; snaplen: number; dlt: number | number[] };
  packets: number;
  bytes: number;
  bytes_captured: number;
  packets_truncated: number;
  first_ts: string;
  last_ts: string;
  min_ts: string;
  max_ts: string;
  time_ordered: boolean;
}

interface Summary {
  format: string;
  linkType: number;
  snaplen: number;
  linkTypes: Set<number>;
  packets: number;
  bytes: number;
  bytesCaptured: number;
  truncated: number;
  firstTs: string;
  lastTs: string;
  minTs: string;
  maxTs: string;
  timeOrdered: boolean;
}

/** tshark's frame.time_epoch format: seconds, a dot, 9 digits. Pads, so it sorts as text
 * among timestamps with the same number of second digits. */
function epoch(sec: number, nsec: number): string {
  return `${sec}.${String(nsec).padStart(9, "0")}`;
}

function summarize(path: string, chunkBytes?: number): Summary {
  const reader = openSavefile(path, chunkBytes === undefined ? {} : { chunkBytes });
  const summary: Summary = {
    format: reader.format,
    linkType: reader.linkType,
    snaplen: reader.snaplen,
    linkTypes: new Set(),
    packets: 0,
    bytes: 0,
    bytesCaptured: 0,
    truncated: 0,
    firstTs: "",
    lastTs: "",
    minTs: "",
    maxTs: "",
    timeOrdered: true,
  };
  let last = -Infinity;
  let lastNsec = 0;
  let min = Infinity;
  let minNsec = 0;
  let max = -Infinity;
  let maxNsec = 0;
  try {
    while (reader.next()) {
      const sec = reader.tsSec;
      const nsec = reader.tsNsec;
      summary.packets++;
      summary.bytes += reader.wireLen;
      summary.bytesCaptured += reader.caplen;
      if (reader.caplen < reader.wireLen) summary.truncated++;
      summary.linkTypes.add(reader.packetLinkType);
      if (summary.packets === 1) summary.firstTs = epoch(sec, nsec);
      if (sec < last || (sec === last && nsec < lastNsec)) summary.timeOrdered = false;
      if (sec < min || (sec === min && nsec < minNsec)) [min, minNsec] = [sec, nsec];
      if (sec > max || (sec === max && nsec > maxNsec)) [max, maxNsec] = [sec, nsec];
      [last, lastNsec] = [sec, nsec];
    }
  } finally {
    reader.close();
  }
  summary.lastTs = epoch(last, lastNsec);
  summary.minTs = epoch(min, minNsec);
  summary.maxTs = epoch(max, maxNsec);
  return summary;
}

function assertMatches(name: string, summary: Summary): void {
  const expected: Expected = JSON.parse(
    Deno.readTextFileSync(expectedPath(name)),
  );
  const dlts = (Array.isArray(expected.header.dlt) ? expected.header.dlt : [expected.header.dlt])
    .map(linktypeToDlt);
  assert.equal(summary.format, expected.header.format, `${name} format`);
  assert.equal(summary.snaplen, expected.header.snaplen, `${name} snaplen`);
  assert.ok(dlts.includes(summary.linkType), `${name} linkType ${summary.linkType} in ${dlts}`);
  if (dlts.length === 1) assert.equal(summary.linkType, dlts[0], `${name} linkType`);
  for (const linkType of summary.linkTypes) {
    assert.ok(dlts.includes(linkType), `${name} packet link type ${linkType} in ${dlts}`);
  }
  assert.equal(summary.packets, expected.packets, `${name} packets`);
  assert.equal(summary.bytes, expected.bytes, `${name} bytes`);
  assert.equal(summary.bytesCaptured, expected.bytes_captured, `${name} bytes_captured`);
  assert.equal(summary.truncated, expected.packets_truncated, `${name} packets_truncated`);
  assert.equal(summary.firstTs, expected.first_ts, `${name} first_ts`);
  assert.equal(summary.lastTs, expected.last_ts, `${name} last_ts`);
  assert.equal(summary.minTs, expected.min_ts, `${name} min_ts`);
  assert.equal(summary.maxTs, expected.max_ts, `${name} max_ts`);
  assert.equal(summary.timeOrdered, expected.time_ordered, `${name} time_ordered`);
}

Deno.test("both corpora have every capture their README promises, each with expected JSON", () => {
  for (const corpus of CORPORA) {
    const names = corpusNames(corpus);
    assert.equal(names.length, corpus.files, corpus.dir);
    for (const name of names) assert.ok(Deno.statSync(expectedPath(name)).isFile, name);
  }
});

Deno.test("openSavefile() reads every corpus capture exactly as tshark does", async (t) => {
  for (const name of captureNames()) {
    await t.step(name, () => assertMatches(name, summarize(capturePath(name))));
  }
});

Deno.test("openSavefile() gives the same results when every record straddles a chunk", () => {
  for (const name of captureNames()) {
    assertMatches(name, summarize(capturePath(name), TINY_CHUNK_BYTES));
  }
});

Deno.test("openSavefile() reads all 17 packets of the 126-interface pcapng libpcap refuses", () => {
  const reader = openSavefile(capturePath("pcapng_126_interfaces_ldap_vlan_ipv6.pcapng"));
  const interfaces = new Set<number>();
  let packets = 0;
  try {
    while (reader.next()) {
      packets++;
      interfaces.add(reader.interfaceId);
      assert.equal(reader.packetLinkType, 1);
      // Ethernet, then an 802.1Q tag (TPID 0x8100) carrying IPv6 (0x86dd).
      assert.equal(reader.data.getUint16(reader.offset + 12), 0x8100);
      assert.equal(reader.data.getUint16(reader.offset + 16), 0x86dd);
    }
  } finally {
    reader.close();
  }
  assert.equal(packets, 17);
  assert.deepEqual([...interfaces], [48]);
});

Deno.test("openSavefile() detects the format by magic, not by the file extension", () => {
  // dns_qinq_pppoe_merged.pcap is pcapng; portscan_small_lan.pcapng is classic pcap.
  assert.equal(summarize(capturePath("dns_qinq_pppoe_merged.pcap")).format, "pcapng");
  assert.equal(summarize(capturePath("portscan_small_lan.pcapng")).format, "pcap");
});

Deno.test("openSavefile() reports LINKTYPE_RAW 101 as DLT_RAW 12, as libpcap does", () => {
  const summary = summarize(capturePath("rawip_android_apps.pcap"));
  assert.equal(summary.linkType, 12);
  assert.deepEqual([...summary.linkTypes], [12]);
});
