import assert from "node:assert/strict";
import { collecting, v5, type V5Record } from "./_test_datagrams.ts";

const WEB: V5Record = {
  src: "10.0.0.1",
  dst: "192.0.2.80",
  packets: 12,
  octets: 4800,
  first: 90_000,
  last: 99_500,
  sport: 40000,
  dport: 443,
  flags: 0x1b,
  proto: 6,
};

Deno.test("NetFlow v5: each record's addresses, ports, protocol, flags, counts and times", async () => {
  const { collector, flows } = await collecting();
  collector.receive(v5([WEB, { ...WEB, src: "10.0.0.2", proto: 17, flags: 0 }]), "192.0.2.1");
  assert.equal(flows.length, 2);
  // unix_secs 1,700,000,000 at sysUptime 100,000 ms: First 90,000 was 10 s before export.
  assert.deepEqual(flows[0], {
    src: "10.0.0.1",
    dst: "192.0.2.80",
    protocol: 6,
    srcPort: 40000,
    dstPort: 443,
    tcpFlags: 0x1b,
    packets: 12,
    octets: 4800,
    startMs: 1_700_000_000_000 - 10_000,
    endMs: 1_700_000_000_000 - 500,
  });
  assert.equal(flows[1]!.protocol, 17);
  const [exporter] = collector.summary("x").exporters;
  assert.deepEqual(
    [exporter?.address, exporter?.version, exporter?.packets, exporter?.flows],
    ["192.0.2.1", 5, 1, 2],
  );
});

Deno.test("NetFlow v5: the header's sampling interval multiplies packets and bytes", async () => {
  const { collector, flows } = await collecting();
  // Mode 01 (deterministic) in the top two bits, 1 in 100 below.
  collector.receive(v5([WEB], { sampling: 0x4000 | 100 }), "192.0.2.1");
  assert.deepEqual([flows[0]!.packets, flows[0]!.octets], [1200, 480_000]);
});

Deno.test("NetFlow v5: sysUptime wrapping past 2^32 still dates the flow before its export", async () => {
  const { collector, flows } = await collecting();
  collector.receive(
    v5([{ ...WEB, first: 4_294_967_000, last: 4_294_967_000 }], { uptime: 704 }),
    "a",
  );
  assert.equal(flows[0]!.startMs, 1_700_000_000_000 - 1000);
});

Deno.test("NetFlow v5: a short header, a record count over 30 or records past the end are dropped", async () => {
  const { collector, flows } = await collecting();
  collector.receive(v5([WEB]).slice(0, 20), "a");
  collector.receive(v5([WEB], { count: 31 }), "a");
  collector.receive(v5([WEB], { count: 0 }), "a");
  collector.receive(v5([WEB], { count: 2 }), "a");
  assert.equal(flows.length, 0);
  assert.deepEqual(collector.summary("x").dropped, {
    truncatedHeader: 1,
    badCount: 2,
    badLength: 1,
  });
});

Deno.test("NetFlow v5: flow_sequence counts flows before the datagram; a jump is an error", async () => {
  const { collector } = await collecting();
  const at = (sequence: number, records: number) => {
    const d = v5(Array(records).fill(WEB));
    new DataView(d.buffer).setUint32(16, sequence);
    return d;
  };
  collector.receive(at(100, 2), "a");
  collector.receive(at(102, 3), "a");
  collector.receive(at(105, 1), "a");
  collector.receive(at(200, 1), "a");
  assert.equal(collector.summary("x").exporters[0]!.sequenceErrors, 1);
});
