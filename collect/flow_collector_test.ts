import assert from "node:assert/strict";
import { collecting, ip4, ipfix, set, templateRecord, u32 } from "./_test_datagrams.ts";
import { MAX_EXPORTERS } from "./exporter_table.ts";
import { MAX_TEMPLATES_PER_EXPORTER } from "./exporter_state.ts";
import { IE } from "./information_elements.ts";
import { MAX_TEMPLATE_FIELDS } from "./template.ts";

const SEEDS = new URL("./testdata/", import.meta.url);

function seeds(version: number): Uint8Array[] {
  return [...Deno.readDirSync(SEEDS)]
    .filter((e) => e.name.startsWith(`softflowd_v${version}_`))
    .map((e) => e.name)
    .sort()
    .map((name) => Deno.readFileSync(new URL(name, SEEDS)));
}

// What softflowd 1.1.0 exported for tests/captures/dns_udp_tcp_fragmented_v4v6.pcap, as tshark
// (`-d udp.port==N,cflow`) decodes the same datagrams: records, packets, octets. v5 carries
// IPv4 only.
const TSHARK_TOTALS: Record<number, [number, number, number]> = {
  5: [14, 22, 9441],
  9: [49, 66, 22246],
  10: [49, 66, 22246],
};

for (const version of [5, 9, 10]) {
  Deno.test(`softflowd's v${version} datagrams give the records, packets and bytes tshark reads in them`, async () => {
    const { collector, flows } = await collecting();
    const datagrams = seeds(version);
    assert.ok(datagrams.length > 0);
    for (const d of datagrams) collector.receive(d, "127.0.0.1");
    const packets = flows.reduce((sum, f) => sum + f.packets, 0);
    const octets = flows.reduce((sum, f) => sum + f.octets, 0);
    assert.deepEqual([flows.length, packets, octets], TSHARK_TOTALS[version]);
    assert.deepEqual(collector.summary("x").dropped, {});
  });
}

Deno.test("a datagram of another version, or of one byte, is counted and dropped", async () => {
  const { collector, flows } = await collecting();
  collector.receive(new Uint8Array([0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), "a");
  collector.receive(new Uint8Array([0]), "a");
  collector.receive(new Uint8Array(0), "a");
  assert.equal(flows.length, 0);
  assert.deepEqual(collector.summary("x").dropped, { unknownVersion: 1, truncatedHeader: 2 });
  assert.equal(collector.exporterCount, 0);
});

const FIELDS: [number, number][] = [
  [IE.sourceIPv4Address, 4],
  [IE.destinationIPv4Address, 4],
  [IE.packetDeltaCount, 4],
];

Deno.test("past MAX_EXPORTERS the least recently heard exporter is forgotten with its templates", async () => {
  const { collector, flows } = await collecting({ maxExporters: 3 });
  const template = ipfix([set(2, templateRecord(256, FIELDS))]);
  const data = ipfix([set(256, [...ip4("10.0.0.1"), ...ip4("10.0.0.2"), ...u32(1)])]);
  for (const address of ["a", "b", "c", "d", "e"]) collector.receive(template, address);
  assert.equal(collector.exporterCount, 3);
  assert.deepEqual(collector.summary("x").exporters.map((e) => e.address), ["e", "d", "c"]);
  collector.receive(data, "a");
  collector.receive(data, "e");
  assert.equal(flows.length, 1);
  assert.deepEqual(collector.summary("x").dropped, { exporterEvicted: 3, unknownTemplate: 1 });
  assert.ok(MAX_EXPORTERS >= 100, "a site's routers fit");
});

Deno.test("a template flood keeps MAX_TEMPLATES_PER_EXPORTER per exporter and MAX_EXPORTERS exporters", async () => {
  const { collector } = await collecting();
  const widest = Array(MAX_TEMPLATE_FIELDS).fill([IE.octetDeltaCount, 8]) as [number, number][];
  // 40 templates of the widest kind in a datagram, from more exporters than are kept.
  const flood = (first: number) =>
    ipfix([set(2, Array.from({ length: 40 }, (_, i) => templateRecord(first + i, widest)).flat())]);
  const datagrams = Array.from({ length: 5 }, (_, i) => flood(256 + i * 40));
  for (let e = 0; e < MAX_EXPORTERS + 20; e++) {
    for (const d of datagrams) collector.receive(d, `198.51.100.${e}`);
  }
  const summary = collector.summary("x");
  assert.equal(collector.exporterCount, MAX_EXPORTERS);
  assert.ok(summary.exporters.every((e) => e.templates === MAX_TEMPLATES_PER_EXPORTER));
  const perExporter = 200 - MAX_TEMPLATES_PER_EXPORTER;
  assert.deepEqual(summary.dropped, {
    templateEvicted: perExporter * (MAX_EXPORTERS + 20),
    exporterEvicted: 20,
  });
});

Deno.test("IPFIX sequence numbers count data records: a gap is one sequence error, in order none", async () => {
  const { collector } = await collecting();
  const template = set(2, templateRecord(256, FIELDS));
  const data = set(256, [...ip4("10.0.0.1"), ...ip4("10.0.0.2"), ...u32(1)]);
  // IPFIX counts data records: 2 in the first message, so the next carries 2 + 5.
  const message = (sequence: number, records: number) => {
    const m = ipfix([template, set(256, Array(records).fill(data.slice(4)).flat())]);
    new DataView(m.buffer).setUint32(8, sequence);
    return m;
  };
  collector.receive(message(5, 2), "ipfix");
  collector.receive(message(7, 1), "ipfix");
  collector.receive(message(8, 1), "ipfix");
  collector.receive(message(20, 1), "ipfix");
  const errors = () => collector.summary("x").exporters.map((e) => [e.address, e.sequenceErrors]);
  assert.deepEqual(errors(), [["ipfix", 1]]);
});

Deno.test("softflowd's IPFIX sequence numbers leave its options records out: 2 errors, as nfcapd counts", async () => {
  const { collector } = await collecting();
  for (const d of seeds(10)) collector.receive(d, "127.0.0.1");
  for (const d of seeds(9)) collector.receive(d, "127.0.0.1");
  for (const d of seeds(5)) collector.receive(d, "127.0.0.1");
  assert.deepEqual(
    collector.summary("x").exporters.map((e) => [e.version, e.sequenceErrors]),
    [[5, 0], [9, 0], [10, 2]],
  );
});

Deno.test("summary() counts records by the version that carried them, exporters by the table", async () => {
  const { collector } = await collecting();
  for (const version of [5, 9, 10]) {
    for (const d of seeds(version)) collector.receive(d, `127.0.0.${version}`);
  }
  const summary = collector.summary("x");
  assert.deepEqual(summary.flowsByVersion, {
    "5": TSHARK_TOTALS[5]![0],
    "9": TSHARK_TOTALS[9]![0],
    "10": TSHARK_TOTALS[10]![0],
  });
  assert.equal(summary.flows, TSHARK_TOTALS[5]![0] + TSHARK_TOTALS[9]![0] + TSHARK_TOTALS[10]![0]);
  assert.equal(summary.exportersTracked, 3);
});
