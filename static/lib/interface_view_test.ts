import assert from "node:assert/strict";
import type { StatsDocument } from "../../wire/stats_document.ts";
import type { InterfaceSummary } from "../../stats/interface_summary.ts";
import { statsForInterface, switchableInterfaces } from "./interface_view.ts";

function summary(name: string, packets: number): InterfaceSummary {
  const talker = { ip: `10.0.0.${packets}`, packets, bytes: packets * 100 };
  return {
    name,
    linkType: "EN10MB",
    packets,
    bytes: packets * 100,
    bytesCaptured: packets * 100,
    drops: { kernel: packets, ifdrop: 0, backlog: 0, received: packets },
    rates: { pps: packets, bps: 0, peakPps: 0, peakBps: 0, avgPps: 0, avgBps: 0 },
    protocols: {
      ipv4: packets,
      ipv6: 0,
      arp: 0,
      tcp: 0,
      udp: packets,
      icmp: 0,
      icmpv6: 0,
      other: 0,
    },
    topSources: [talker],
    topDestinations: [],
    topSourcesByBytes: [talker],
    topDestinationsByBytes: [],
    talkers: { sources: [], destinations: [] },
    conversations: { tcp: 0, udp: 1 },
  };
}

const DOC = {
  packets: 30,
  bytes: 3000,
  meta: { source: "a, b", linkType: "EN10MB" },
  capture: { state: "running", drops: { kernel: 30, ifdrop: 0, backlog: 0, received: 30 } },
  interfaces: [summary("a", 10), summary("b", 20)],
} as unknown as StatsDocument;

Deno.test("statsForInterface() shows one interface's totals, talkers and drops", () => {
  const b = statsForInterface(DOC, "b");
  assert.equal(b.packets, 20);
  assert.equal(b.bytes, 2000);
  assert.equal(b.rates.pps, 20);
  assert.equal(b.protocols.udp, 20);
  assert.deepEqual(b.topSources, [{ ip: "10.0.0.20", packets: 20, bytes: 2000 }]);
  assert.equal(b.capture.drops.kernel, 20);
  assert.equal(b.capture.state, "running");
  assert.equal(b.meta.source, "b");
});

Deno.test("statsForInterface() shows everything for null or a name no longer captured", () => {
  assert.equal(statsForInterface(DOC, null), DOC);
  assert.equal(statsForInterface(DOC, "gone0"), DOC);
});

Deno.test("switchableInterfaces() offers a switch only for more than one interface", () => {
  assert.deepEqual(switchableInterfaces(DOC), ["a", "b"]);
  const one = { ...DOC, interfaces: [summary("a", 1)] } as StatsDocument;
  assert.deepEqual(switchableInterfaces(one), []);
  const file = { ...DOC } as Partial<StatsDocument>;
  delete file.interfaces;
  assert.deepEqual(switchableInterfaces(file as StatsDocument), []);
});
