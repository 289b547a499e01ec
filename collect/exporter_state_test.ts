import assert from "node:assert/strict";
import { DEFAULT_SAMPLER, ExporterState, MAX_SAMPLERS_PER_EXPORTER } from "./exporter_state.ts";
import type { DropReason } from "./drop_reason.ts";

Deno.test("past MAX_SAMPLERS_PER_EXPORTER the least recently described sampler is forgotten", () => {
  const dropped: DropReason[] = [];
  const exporter = new ExporterState("192.0.2.1", 9, (reason) => dropped.push(reason));
  exporter.setSampling(0, DEFAULT_SAMPLER, 100);
  for (let id = 0; id < MAX_SAMPLERS_PER_EXPORTER; id++) exporter.setSampling(0, id, id + 2);
  assert.equal(exporter.samplingOf(0, DEFAULT_SAMPLER), undefined);
  assert.equal(exporter.samplingOf(0, 0), 2);
  assert.equal(exporter.samplingOf(1, 0), undefined, "samplers are per domain");
  assert.deepEqual(dropped, ["samplerEvicted"]);
  assert.equal(exporter.drops.get("samplerEvicted"), 1);
});

Deno.test("system init times are per domain and bounded with the samplers", () => {
  const exporter = new ExporterState("192.0.2.1", 10, () => {});
  for (let domain = 0; domain < MAX_SAMPLERS_PER_EXPORTER + 5; domain++) {
    exporter.setSystemInit(domain, domain * 1000);
  }
  assert.equal(exporter.systemInitOf(0), undefined);
  assert.equal(
    exporter.systemInitOf(MAX_SAMPLERS_PER_EXPORTER + 4),
    (MAX_SAMPLERS_PER_EXPORTER + 4) * 1000,
  );
  assert.equal(exporter.drops.get("samplerEvicted"), 5);
});
