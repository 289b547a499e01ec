import assert from "node:assert/strict";
import { collecting, ip4, ipfix, set, templateRecord, u16, u32, u64 } from "./_test_datagrams.ts";
import { IE, VARIABLE_LENGTH } from "./information_elements.ts";

const V6_FIELDS: [number, number][] = [
  [IE.sourceIPv6Address, 16],
  [IE.destinationIPv6Address, 16],
  [IE.flowStartMilliseconds, 8],
  [IE.flowEndMilliseconds, 8],
  // Reduced-size encoding (RFC 7011 section 6.2): unsigned64 counters in 4 and 2 bytes.
  [IE.octetDeltaCount, 4],
  [IE.packetDeltaCount, 2],
  [IE.sourceTransportPort, 2],
  [IE.destinationTransportPort, 2],
  [IE.protocolIdentifier, 1],
  [IE.tcpControlBits, 2],
];
const V6_A = [0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 1];
const V6_B = [0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 2];

function v6Record(packets: number, octets: number): number[] {
  return [
    ...V6_A,
    ...V6_B,
    ...u64(1_700_000_000_250),
    ...u64(1_700_000_003_750),
    ...u32(octets),
    ...u16(packets),
    ...u16(50000),
    ...u16(443),
    6,
    ...u16(0x012),
  ];
}

Deno.test("IPFIX: IPv6 records with absolute milliseconds and reduced-size counters", async () => {
  const { collector, flows } = await collecting();
  collector.receive(
    ipfix([set(2, templateRecord(300, V6_FIELDS)), set(300, v6Record(7, 9000))], { domain: 5 }),
    "2001:db8::99",
  );
  assert.deepEqual(flows, [{
    src: "2001:db8:0:0:0:0:0:1",
    dst: "2001:db8:0:0:0:0:0:2",
    protocol: 6,
    srcPort: 50000,
    dstPort: 443,
    tcpFlags: 0x012,
    packets: 7,
    octets: 9000,
    startMs: 1_700_000_000_250,
    endMs: 1_700_000_003_750,
  }]);
  assert.equal(collector.summary("x").exporters[0]!.version, 10);
});

const UPTIME_FIELDS: [number, number][] = [
  [IE.sourceIPv4Address, 4],
  [IE.destinationIPv4Address, 4],
  [IE.flowStartSysUpTime, 4],
  [IE.flowEndSysUpTime, 4],
  [IE.octetDeltaCount, 4],
  [IE.packetDeltaCount, 4],
];

/** An options template as softflowd sends: scope meteringProcessId, then clock and sampling. */
const OPTIONS = set(3, [
  ...u16(256),
  ...u16(4),
  ...u16(1),
  ...u16(143),
  ...u16(4),
  ...u16(IE.systemInitTimeMilliseconds),
  ...u16(8),
  ...u16(IE.samplingPacketInterval),
  ...u16(4),
  ...u16(IE.samplingPacketSpace),
  ...u16(4),
]);

Deno.test("IPFIX: sysUpTime times from the options' systemInitTimeMilliseconds, sampling from packet interval and space", async () => {
  const { collector, flows } = await collecting();
  const options = set(256, [...u32(1), ...u64(1_699_999_000_000), ...u32(1), ...u32(9)]);
  const data = set(400, [
    ...ip4("10.1.1.1"),
    ...ip4("10.1.1.2"),
    ...u32(500),
    ...u32(1500),
    ...u32(60),
    ...u32(1),
  ]);
  collector.receive(
    ipfix([OPTIONS, set(2, templateRecord(400, UPTIME_FIELDS)), options, data]),
    "a",
  );
  // 1 packet taken, 9 skipped: each counted packet stands for 10.
  assert.deepEqual(
    flows.map((f) => [f.packets, f.octets, f.startMs, f.endMs]),
    [[10, 600, 1_699_999_000_500, 1_699_999_001_500]],
  );
});

Deno.test("IPFIX: sysUpTime times without a known system init time take the export time", async () => {
  const { collector, flows } = await collecting();
  const data = set(400, [
    ...ip4("10.1.1.1"),
    ...ip4("10.1.1.2"),
    ...u32(500),
    ...u32(1500),
    ...u32(60),
    ...u32(1),
  ]);
  collector.receive(ipfix([set(2, templateRecord(400, UPTIME_FIELDS)), data]), "a");
  assert.deepEqual([flows[0]!.startMs, flows[0]!.endMs], [1_700_000_000_000, 1_700_000_000_000]);
});

Deno.test("IPFIX: variable-length and enterprise fields are stepped over, in short and long form", async () => {
  const { collector, flows } = await collecting();
  const template = set(2, [
    ...u16(500),
    ...u16(4),
    ...u16(IE.sourceIPv4Address),
    ...u16(4),
    ...u16(82), // interfaceName, variable length
    ...u16(VARIABLE_LENGTH),
    ...u16(0x8000 | 7), // enterprise 9 element 7: not sourceTransportPort
    ...u16(2),
    ...u32(9),
    ...u16(IE.destinationIPv4Address),
    ...u16(4),
  ]);
  const short = [...ip4("10.0.0.1"), 3, 0x65, 0x74, 0x68, ...u16(9999), ...ip4("10.0.0.2")];
  const long = [
    ...ip4("10.0.0.3"),
    255,
    ...u16(300),
    ...Array(300).fill(0x61),
    ...u16(1),
    ...ip4("10.0.0.4"),
  ];
  collector.receive(ipfix([template, set(500, [...short, ...long])]), "a");
  assert.deepEqual(flows.map((f) => [f.src, f.dst, f.srcPort]), [
    ["10.0.0.1", "10.0.0.2", -1],
    ["10.0.0.3", "10.0.0.4", -1],
  ]);
});

Deno.test("IPFIX: a withdrawn template is forgotten, and one withdrawal of id 2 forgets the domain's all", async () => {
  const { collector, flows } = await collecting();
  const data = set(300, v6Record(1, 100));
  collector.receive(
    ipfix([set(2, [...templateRecord(300, V6_FIELDS), ...templateRecord(301, V6_FIELDS)])]),
    "a",
  );
  collector.receive(ipfix([set(2, [...u16(300), ...u16(0)]), data]), "a");
  assert.equal(collector.summary("x").exporters[0]!.templates, 1);
  collector.receive(ipfix([set(2, [...u16(2), ...u16(0)])]), "a");
  assert.equal(collector.summary("x").exporters[0]!.templates, 0);
  assert.equal(flows.length, 0);
  assert.deepEqual(collector.summary("x").dropped, { unknownTemplate: 1 });
});

Deno.test("IPFIX: every hostile shape is dropped and counted by its reason", async () => {
  const { collector, flows } = await collecting();
  const varTemplate = set(2, [
    ...u16(600),
    ...u16(2),
    ...u16(IE.sourceIPv4Address),
    ...u16(4),
    ...u16(82),
    ...u16(VARIABLE_LENGTH),
  ]);
  const cases: [string, Uint8Array][] = [
    ["truncatedHeader", ipfix([]).slice(0, 10)],
    ["badLength", ipfix([], { length: 40 })],
    ["badLength", ipfix([set(2, [], 2)])],
    ["badSetId", ipfix([set(4, [0, 0, 0, 0])])],
    ["badTemplate", ipfix([set(3, [...u16(700), ...u16(1), ...u16(0), ...u16(8), ...u16(4)])])],
    ["badTemplate", ipfix([set(2, [...u16(700), ...u16(3), ...u16(8), ...u16(4)])])],
    [
      "badFieldLength",
      ipfix([set(2, templateRecord(700, [[IE.sourceIPv4Address, VARIABLE_LENGTH]]))]),
    ],
    ["badFieldLength", ipfix([set(2, templateRecord(700, [[IE.octetDeltaCount, 9]]))])],
    ["zeroLengthField", ipfix([set(2, templateRecord(700, [[IE.sourceIPv4Address, 0]]))])],
    ["unknownTemplate", ipfix([set(999, [1, 2, 3, 4])])],
    // The record claims 200 bytes of interface name; the set holds 3.
    [
      "badVariableLength",
      ipfix([varTemplate, set(600, [...ip4("10.0.0.1"), 200, 0x61, 0x62, 0x63])]),
    ],
  ];
  for (const [reason, datagram] of cases) {
    const before = collector.drops.get(reason as never);
    collector.receive(datagram, "192.0.2.9");
    assert.equal(collector.drops.get(reason as never), before + 1, reason);
  }
  assert.equal(flows.length, 0);
});

Deno.test("IPFIX biflow (RFC 5103): the reverse counters under PEN 29305 make a record from the destination", async () => {
  const { collector, flows } = await collecting();
  const reverse = (
    id: number,
    length: number,
  ) => [...u16(0x8000 | id), ...u16(length), ...u32(29305)];
  const template = set(2, [
    ...u16(700),
    ...u16(9),
    ...u16(IE.sourceIPv4Address),
    ...u16(4),
    ...u16(IE.destinationIPv4Address),
    ...u16(4),
    ...u16(IE.sourceTransportPort),
    ...u16(2),
    ...u16(IE.destinationTransportPort),
    ...u16(2),
    ...u16(IE.protocolIdentifier),
    ...u16(1),
    ...u16(IE.octetDeltaCount),
    ...u16(8),
    ...u16(IE.packetDeltaCount),
    ...u16(8),
    ...reverse(IE.octetDeltaCount, 8),
    ...reverse(IE.packetDeltaCount, 8),
  ]);
  const record = [...ip4("10.0.0.1"), ...ip4("10.0.0.2"), ...u16(5555), ...u16(53), 17]
    .concat([...u64(180), ...u64(3), ...u64(900), ...u64(2)]);
  collector.receive(ipfix([template, set(700, record)]), "a");
  assert.deepEqual(flows.map((f) => [f.src, f.srcPort, f.dst, f.dstPort, f.packets, f.octets]), [
    ["10.0.0.1", 5555, "10.0.0.2", 53, 3, 180],
    ["10.0.0.2", 53, "10.0.0.1", 5555, 2, 900],
  ]);
});
