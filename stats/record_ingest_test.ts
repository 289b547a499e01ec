import assert from "node:assert/strict";
import { DecodedPacket } from "../capture/decode/packet.ts";
import { fillPacket } from "./_test_packet.ts";
import { StatsEngine } from "./engine.ts";
import type { FlowRecordInput } from "./flow_record_input.ts";

function v4(text: string): Uint8Array {
  const out = new Uint8Array(16);
  text.split(".").forEach((part, i) => out[i] = Number(part));
  return out;
}

function record(
  src: string,
  dst: string,
  protocol: number,
  ports: [number, number] | null,
  packets: number,
  octets: number,
  endMs = 1_700_000_010_000,
): FlowRecordInput {
  return {
    addrLen: 4,
    src: v4(src),
    dst: v4(dst),
    protocol,
    srcPort: ports?.[0] ?? -1,
    dstPort: ports?.[1] ?? -1,
    tcpFlags: protocol === 6 ? 0x1b : -1,
    packets,
    octets,
    startMs: endMs - 5000,
    endMs,
  };
}

Deno.test("ingestRecord() counts a record's packets and bytes in totals, protocols, talkers, conversations, ports and series", () => {
  const e = new StatsEngine({ clock: "packet", hashSeed: 3 });
  e.ingestRecord(record("10.0.0.1", "10.0.0.2", 6, [40000, 443], 10, 5000));
  e.ingestRecord(record("10.0.0.2", "10.0.0.1", 6, [443, 40000], 8, 12000));
  e.ingestRecord(record("10.0.0.1", "10.0.0.3", 17, [5353, 53], 2, 140));
  e.ingestRecord(record("10.0.0.4", "10.0.0.1", 1, null, 3, 252));
  const s = e.snapshot();
  assert.equal(s.packets, 23);
  assert.equal(s.bytes, 17392);
  assert.deepEqual(
    { ipv4: s.protocols.ipv4, tcp: s.protocols.tcp, udp: s.protocols.udp, icmp: s.protocols.icmp },
    { ipv4: 23, tcp: 18, udp: 2, icmp: 3 },
  );
  assert.deepEqual(s.topSources[0], { ip: "10.0.0.1", packets: 12, bytes: 5140 });
  assert.deepEqual(s.conversations, { tcp: 1, udp: 1 });
  assert.equal(s.flows.active, 3);
  const https = s.topPorts.find((row) => row.protocol === "tcp" && row.port === 443);
  assert.deepEqual([https?.packets, https?.bytes], [18, 17000]);
  const series = e.series("90s");
  const total = series.pps.total.reduce((a, b) => a + b, 0);
  assert.equal(total, 23);
  const flow = e.flows({ protocol: "tcp" }).flows[0]!;
  assert.equal(flow.packets, 18);
});

Deno.test("ingestRecord() lands on the flow a packet of the same conversation made", () => {
  const e = new StatsEngine({ clock: "packet", hashSeed: 3 });
  const p = new DecodedPacket();
  e.ingest(fillPacket(p, {
    t: 1_700_000_009,
    src: "10.0.0.1",
    dst: "10.0.0.2",
    proto: "tcp",
    sport: 40000,
    dport: 443,
    len: 100,
  }));
  e.ingestRecord(record("10.0.0.2", "10.0.0.1", 6, [443, 40000], 4, 4000));
  const s = e.snapshot();
  assert.equal(s.packets, 5);
  assert.equal(s.flows.active, 1);
  assert.deepEqual(s.conversations, { tcp: 1, udp: 0 });
  const hosts = e.hosts("tx-bytes", 2);
  assert.deepEqual(hosts.map((h) => [h.ip, h.txBytes]), [["10.0.0.2", 4000], ["10.0.0.1", 100]]);
});

Deno.test("ingestRecord() ignores a record without addresses or packets", () => {
  const e = new StatsEngine({ clock: "packet" });
  e.ingestRecord({ ...record("10.0.0.1", "10.0.0.2", 17, [1, 2], 5, 500), addrLen: 0 });
  e.ingestRecord(record("10.0.0.1", "10.0.0.2", 17, [1, 2], 0, 0));
  assert.equal(e.snapshot().packets, 0);
});
