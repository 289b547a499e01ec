import assert from "node:assert/strict";
import { DecodedPacket } from "../capture/decode/packet.ts";
import { fillPacket } from "../stats/_test_packet.ts";
import { StatsEngine } from "../stats/engine.ts";
import type { AnomalyModel } from "../alerts/anomaly/anomaly_detector.ts";
import { parseOptions } from "./options.ts";
import { type ModelHolder, RunHistory } from "./run_history.ts";

const MIN = 60_000;
/** A whole minute, far enough back that every minute used here is complete. */
const NOW = Math.floor(1_790_000_000_000 / MIN) * MIN;

function open(db: string): RunHistory {
  return new RunHistory({ options: parseOptions(["--db", db]), config: undefined, notify: false });
}

function engineWith(packetsPerMinute: [minutesAgo: number, packets: number][]): StatsEngine {
  const engine = new StatsEngine({ hashSeed: 1 });
  const p = new DecodedPacket();
  for (const [ago, count] of packetsPerMinute) {
    for (let i = 0; i < count; i++) {
      const t = (NOW - ago * MIN) / 1000 + i * 0.01;
      engine.ingest(fillPacket(p, { t, src: "10.0.0.1", dst: "10.0.0.2", proto: "udp", len: 100 }));
    }
  }
  return engine;
}

Deno.test("RunHistory keeps the engine's minutes, and a restarted run's 24 h view shows them", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const before = open(`${dir}/h.db`);
    const first = engineWith([[30, 600], [29, 1200]]);
    before.persist(NOW, true, first, (rank, limit) => first.hosts(rank, limit));
    await before.close();

    // A new run: its engine has only the current minute; the 24 h view shows the earlier two.
    const after = open(`${dir}/h.db`);
    const second = engineWith([[0, 60]]);
    const series = after.withSeriesHistory(second).series("24h");
    const at = (ago: number) => series.pps.total[(NOW - ago * MIN - series.startMs) / MIN];
    assert.equal(at(30), 10, "600 packets over minute -30: 10/s");
    assert.equal(at(29), 20);
    assert.equal(at(28), 0);
    assert.equal(at(0), 1, "the running engine's own minute");
    assert.equal(second.series("24h").pps.total[(NOW - 30 * MIN - series.startMs) / MIN], 0);
    await after.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("RunHistory keeps each newly trained anomaly model and hands it to the next run", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const model = { forest: { features: 8, trees: [] }, profile: {}, trainedMs: 5, rows: 300 };
    let current: unknown = null;
    const trainer = { model: () => current, load: () => assert.fail("nothing kept yet") };
    const before = open(`${dir}/h.db`);
    before.keepModel(trainer as unknown as ModelHolder);
    const engine = engineWith([]);
    before.persist(NOW, false, engine, () => []);
    current = model; // trained
    await before.close(); // kept at close too

    const loaded: AnomalyModel[] = [];
    const after = open(`${dir}/h.db`);
    after.keepModel({ model: () => null, load: (m) => loaded.push(m) });
    assert.deepEqual(loaded, [model]);
    await after.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
