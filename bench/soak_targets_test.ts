import assert from "node:assert/strict";
import {
  afterWarmup,
  descriptorsFlat,
  FD_SLACK,
  judgeTargets,
  quantile,
  type SoakSample,
  soakTable,
} from "./soak_targets.ts";

function sample(minute: number, fields: Partial<SoakSample> = {}): SoakSample {
  return {
    atSeconds: minute * 60,
    rssMb: 200,
    fds: 140,
    packets: minute * 1_000_000,
    kernelDrops: 0,
    interfaceDrops: 0,
    backlogDrops: 0,
    statsRequests: 500,
    statsFailures: 0,
    statsP50Ms: 2,
    statsP99Ms: 9,
    statsMaxMs: 15,
    sseClients: 101,
    idleWakeP99Ms: 4,
    idleWakeMaxMs: 30,
    ...fields,
  };
}

const passes = (samples: SoakSample[], warmup = 120) =>
  judgeTargets(samples, warmup).map((v) => v.pass);

Deno.test("quantile() takes the nearest rank: p99 of 100 values is the 99th, of 50 the 50th", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(quantile(hundred, 0.99), 99);
  assert.equal(quantile(hundred, 0.5), 50);
  assert.equal(quantile(hundred.slice(50), 0.99), 50);
  assert.ok(Number.isNaN(quantile([], 0.99)));
});

Deno.test("afterWarmup() keeps samples past the warm-up, or the last one of a short run", () => {
  const samples = [1, 2, 3, 4].map((m) => sample(m));
  assert.deepEqual(afterWarmup(samples, 120).map((s) => s.atSeconds), [180, 240]);
  assert.deepEqual(afterWarmup(samples, 600).map((s) => s.atSeconds), [240]);
});

Deno.test("judgeTargets() passes a steady run and ignores what happened during warm-up", () => {
  const samples = [
    sample(1, { rssMb: 120, fds: 100, statsP99Ms: 2800 }),
    sample(2, { rssMb: 180 }),
    ...[3, 4, 5, 6].map((m) => sample(m, { rssMb: 200 + m })),
  ];
  assert.deepEqual(passes(samples), [true, true, true, true]);
});

Deno.test("judgeTargets() fails RSS growing past 5% after warm-up", () => {
  const samples = [3, 4, 5, 6].map((m) => sample(m, { rssMb: 200 + (m - 3) * 4 }));
  assert.deepEqual(passes(samples), [false, true, true, true]);
  assert.match(judgeTargets(samples, 120)[0]!.measured, /200\.0-212\.0 MB \(6\.0%\)/);
});

Deno.test("judgeTargets() fails descriptors climbing past the slack, one a minute", () => {
  const samples = Array.from({ length: 12 }, (_, i) => sample(3 + i, { fds: 140 + i }));
  assert.equal(descriptorsFlat(samples, 120), false);
  assert.deepEqual(passes(samples), [true, false, true, true]);
  const wobble = [3, 4, 5, 6].map((m) => sample(m, { fds: 140 + (m % 2) * FD_SLACK }));
  assert.equal(descriptorsFlat(wobble, 120), true);
});

Deno.test("judgeTargets() fails any drop of any kind, counted at the end", () => {
  for (const kind of ["kernelDrops", "interfaceDrops", "backlogDrops"] as const) {
    const samples = [sample(3), sample(4, { [kind]: 1 })];
    assert.deepEqual(passes(samples), [true, true, false, true], kind);
  }
});

Deno.test("judgeTargets() fails a p99 at 20 ms, a failed request or an interval with none", () => {
  assert.deepEqual(passes([sample(3), sample(4, { statsP99Ms: 20 })]), [true, true, true, false]);
  assert.deepEqual(passes([sample(3), sample(4, { statsFailures: 1 })]), [
    true,
    true,
    true,
    false,
  ]);
  assert.deepEqual(passes([sample(3, { statsRequests: 0 }), sample(4)]), [true, true, true, false]);
});

Deno.test("judgeTargets() fails every target of a run with no samples", () => {
  assert.deepEqual(passes([]), [false, false, false, false]);
});

Deno.test("soakTable() has one row per sample with the packet rate between samples", () => {
  const table = soakTable([sample(1), sample(2, { packets: 1_600_000 })]).split("\n");
  assert.equal(table.length, 4);
  assert.match(table[2]!, /\|\s+1\.0 \|.*\|\s+16,667 \|/);
  assert.match(table[3]!, /\|\s+2\.0 \|.*\|\s+10,000 \|/);
  // The idle thread's wake-up lateness closes each row, beside the /stats figures.
  assert.match(table[0]!, /\| idle wake p99 ms \| idle wake max ms \|$/);
  assert.match(table[2]!, /\|\s+4\.0 \|\s+30\.0 \|$/);
});
