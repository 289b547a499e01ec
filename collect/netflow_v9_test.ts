import assert from "node:assert/strict";
import { collecting, ip4, set, templateRecord, u16, u32, u8, v9 } from "./_test_datagrams.ts";
import { IE } from "./information_elements.ts";
import { MAX_TEMPLATE_FIELDS } from "./template.ts";

const FIELDS: [number, number][] = [
  [IE.sourceIPv4Address, 4],
  [IE.destinationIPv4Address, 4],
  [IE.flowStartSysUpTime, 4],
  [IE.flowEndSysUpTime, 4],
  [IE.octetDeltaCount, 4],
  [IE.packetDeltaCount, 4],
  [IE.sourceTransportPort, 2],
  [IE.destinationTransportPort, 2],
  [IE.protocolIdentifier, 1],
  [IE.tcpControlBits, 1],
];
const TEMPLATE = set(0, templateRecord(256, FIELDS));

function record(src: string, packets: number, octets: number, extra: number[] = []): number[] {
  return [
    ...ip4(src),
    ...ip4("192.0.2.53"),
    ...u32(95_000),
    ...u32(99_000),
    ...u32(octets),
    ...u32(packets),
    ...u16(5353),
    ...u16(53),
    17,
    0,
    ...extra,
  ];
}

Deno.test("NetFlow v9: a template, then records of it, padding at the set's end left alone", async () => {
  const { collector, flows } = await collecting();
  // Two records of 30 bytes and 3 bytes of padding: fewer than one record, so not one.
  const data = set(256, [...record("10.0.0.1", 2, 140), ...record("10.0.0.2", 3, 210), 0, 0, 0]);
  collector.receive(v9([TEMPLATE, data]), "192.0.2.1");
  assert.equal(flows.length, 2);
  assert.deepEqual(flows[0], {
    src: "10.0.0.1",
    dst: "192.0.2.53",
    protocol: 17,
    srcPort: 5353,
    dstPort: 53,
    tcpFlags: 0,
    packets: 2,
    octets: 140,
    // Export at 1,700,000,000 s and sysUptime 100,000 ms: FIRST_SWITCHED 95,000 is 5 s before.
    startMs: 1_700_000_000_000 - 5000,
    endMs: 1_700_000_000_000 - 1000,
  });
  assert.deepEqual(collector.summary("x").dropped, {});
  assert.equal(collector.summary("x").exporters[0]!.templates, 1);
});

Deno.test("NetFlow v9: records before their template, or of another source id, are unknownTemplate", async () => {
  const { collector, flows } = await collecting();
  const data = set(256, record("10.0.0.1", 2, 140));
  collector.receive(v9([data]), "192.0.2.1");
  collector.receive(v9([TEMPLATE], { sourceId: 1 }), "192.0.2.1");
  collector.receive(v9([data], { sourceId: 2 }), "192.0.2.1");
  collector.receive(v9([data], { sourceId: 1 }), "192.0.2.2");
  assert.equal(flows.length, 0);
  collector.receive(v9([data], { sourceId: 1 }), "192.0.2.1");
  assert.equal(flows.length, 1);
  assert.deepEqual(collector.summary("x").dropped, { unknownTemplate: 3 });
});

Deno.test("NetFlow v9: sampling from the record, from a named sampler and from the source's options", async () => {
  const { collector, flows } = await collecting();
  // Options template 257: scope System (type 1, 4 bytes), then FLOW_SAMPLER_ID and the interval.
  const options = set(1, [
    ...u16(257),
    ...u16(4),
    ...u16(8),
    ...u16(1),
    ...u16(4),
    ...u16(IE.samplerId),
    ...u16(1),
    ...u16(IE.samplerRandomInterval),
    ...u16(2),
    0,
    0,
  ]);
  const samplers = set(257, [...u32(0), 3, ...u16(10), 0, 0, 0]);
  // Options template 260: scope System, then SAMPLING_INTERVAL alone: the source's default.
  const defaults = set(1, [
    ...u16(260),
    ...u16(4),
    ...u16(4),
    ...u16(1),
    ...u16(4),
    ...u16(IE.samplingInterval),
    ...u16(4),
  ]);
  const defaultRate = set(260, [...u32(0), ...u32(100)]);
  const named = set(0, templateRecord(258, [...FIELDS, [IE.samplerId, 1]]));
  const own = set(0, templateRecord(259, [...FIELDS, [IE.samplingInterval, 4]]));
  collector.receive(
    v9([options, samplers, defaults, defaultRate, named, own, TEMPLATE]),
    "192.0.2.1",
  );
  collector.receive(
    v9([
      set(258, record("10.0.0.1", 2, 140, u8(3))),
      set(256, record("10.0.0.2", 2, 140)),
      set(259, record("10.0.0.3", 2, 140, u32(1000))),
    ]),
    "192.0.2.1",
  );
  // Sampler 3 takes 1 in 10; a record naming none gets the source's default, 1 in 100; a
  // record's own interval comes first.
  assert.deepEqual(flows.map((f) => [f.src, f.packets, f.octets]), [
    ["10.0.0.1", 20, 1400],
    ["10.0.0.2", 200, 14_000],
    ["10.0.0.3", 2000, 140_000],
  ]);
});

Deno.test("NetFlow v9: every hostile shape is dropped and counted by its reason", async () => {
  const { collector, flows } = await collecting();
  const cases: [string, Uint8Array][] = [
    ["truncatedHeader", v9([]).slice(0, 12)],
    ["badLength", v9([set(0, [], 3)])],
    ["badLength", v9([set(0, templateRecord(256, FIELDS), 400)])],
    ["badSetId", v9([set(7, [0, 0, 0, 0])])],
    ["badTemplate", v9([set(0, templateRecord(12, FIELDS))])],
    ["badTemplate", v9([set(0, [...u16(300), ...u16(50), ...u16(8), ...u16(4)])])],
    ["zeroLengthField", v9([set(0, templateRecord(300, [[IE.sourceIPv4Address, 4], [99, 0]]))])],
    ["badFieldLength", v9([set(0, templateRecord(300, [[IE.sourceIPv4Address, 3]]))])],
    [
      "tooManyFields",
      v9([
        set(0, templateRecord(300, Array(MAX_TEMPLATE_FIELDS + 1).fill([IE.octetDeltaCount, 4]))),
      ]),
    ],
  ];
  for (const [reason, datagram] of cases) {
    const before = collector.drops.get(reason as never);
    collector.receive(datagram, "192.0.2.9");
    assert.equal(collector.drops.get(reason as never), before + 1, reason);
  }
  assert.equal(collector.summary("x").exporters[0]!.templates, 0);
  // A template without addresses gives records that cannot be counted as anyone's traffic.
  const bare = set(0, templateRecord(301, [[IE.octetDeltaCount, 4], [IE.packetDeltaCount, 4]]));
  collector.receive(v9([bare, set(301, [...u32(100), ...u32(1)])]), "192.0.2.9");
  assert.equal(collector.drops.get("noAddresses"), 1);
  assert.equal(flows.length, 0);
  assert.equal(collector.summary("x").exporters[0]!.templates, 1);
});

Deno.test("NetFlow v9: sequence numbers count datagrams per source id; a skipped one is an error", async () => {
  const { collector } = await collecting();
  const withSequence = (sequence: number, sourceId: number) => {
    const d = v9([TEMPLATE], { sourceId });
    new DataView(d.buffer).setUint32(12, sequence);
    return d;
  };
  for (const [sequence, sourceId] of [[1, 0], [2, 0], [1, 1], [4, 0], [2, 1]]) {
    collector.receive(withSequence(sequence!, sourceId!), "a");
  }
  assert.equal(collector.summary("x").exporters[0]!.sequenceErrors, 1);
});
