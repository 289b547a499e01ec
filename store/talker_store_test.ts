import assert from "node:assert/strict";
import { openDatabase } from "./database.ts";
import { TALKERS_PER_HOUR, TalkerStore } from "./talker_store.ts";
import type { HostRow } from "../stats/host_table.ts";

function host(ip: string, txPackets: number, txBytes: number): HostRow {
  return {
    ip,
    packets: txPackets,
    bytes: txBytes,
    txPackets,
    txBytes,
    rxPackets: 0,
    rxBytes: 0,
    txBps: [0, 0, 0],
    rxBps: [0, 0, 0],
  };
}

Deno.test("TalkerStore keeps each hour's growth, not the running total", () => {
  const talkers = new TalkerStore(openDatabase(":memory:"));
  talkers.record(0, [host("10.0.0.1", 10, 1000), host("10.0.0.2", 5, 500)]);
  const second = talkers.record(3_600_000, [
    host("10.0.0.2", 50, 9000),
    host("10.0.0.1", 11, 1100),
  ]);
  assert.deepEqual(second.map((t) => [t.ip, t.packets, t.bytes]), [
    ["10.0.0.2", 45, 8500],
    ["10.0.0.1", 1, 100],
  ]);
  assert.equal(talkers.since(3_600_000).length, 2);
  assert.equal(talkers.since(0).length, 4);
});

Deno.test("TalkerStore keeps at most TALKERS_PER_HOUR an hour", () => {
  const talkers = new TalkerStore(openDatabase(":memory:"));
  const hosts = Array.from({ length: 50 }, (_, i) => host(`10.0.1.${i}`, i + 1, (i + 1) * 100));
  const kept = talkers.record(0, hosts);
  assert.equal(kept.length, TALKERS_PER_HOUR);
  assert.equal(kept[0]!.ip, "10.0.1.49");
});
