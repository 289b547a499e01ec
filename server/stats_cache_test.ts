import assert from "node:assert/strict";
import { ManualClock, RUNNING, testServer } from "./_test_server.ts";
import { STATS_MAX_AGE_MS, StatsCache } from "./stats_cache.ts";
import type { StatsSource } from "./stats_source.ts";

function cache() {
  const server = testServer();
  const clock = new ManualClock();
  const reads = { n: 0 };
  const engine: StatsSource = {
    snapshot: () => (reads.n++, server.engine.snapshot()),
    flows: (q) => server.engine.flows(q),
    packets: (q) => server.engine.packets(q),
    series: (w) => server.engine.series(w),
  };
  return {
    server,
    clock,
    reads,
    c: new StatsCache({ engine, status: () => RUNNING, now: clock.now }),
  };
}

Deno.test("StatsCache.get() reuses a document younger than STATS_MAX_AGE_MS, then takes a new one", () => {
  const { server, clock, reads, c } = cache();
  const first = c.get();
  assert.equal(first.doc.packets, 5);
  server.feed([{ t: 103, src: "10.0.0.1", dst: "10.0.0.2" }]);
  clock.ms = STATS_MAX_AGE_MS - 1;
  assert.equal(c.get(), first);
  assert.equal(reads.n, 1);
  clock.ms = STATS_MAX_AGE_MS;
  assert.equal(c.get().doc.packets, 6);
  assert.equal(reads.n, 2);
});

Deno.test("StatsCache.refresh() takes a new document whatever the age (the SSE tick)", () => {
  const { clock, reads, c } = cache();
  c.get();
  clock.ms = 10;
  const again = c.refresh();
  assert.equal(reads.n, 2);
  assert.equal(again.takenMs, 10);
  assert.equal(c.get(), again);
});

Deno.test("CachedStats.text() serialises each form once and carries the document's fields", () => {
  const { c } = cache();
  const s = c.get();
  assert.equal(s.text(false), s.text(false));
  assert.deepEqual(JSON.parse(s.text(false)), JSON.parse(JSON.stringify(s.doc)));
  assert.match(s.text(true), /^\{\n {2}"linkType": "EN10MB",/);
  assert.ok(s.text(true).endsWith("}\n"));
});

Deno.test("StatsCache.warm() serialises the current document's compact text before anyone asks", () => {
  const { c } = cache();
  c.warm(); // no document yet: nothing to do, and no throw
  const s = c.refresh();
  const packets = s.doc.packets;
  c.warm();
  // Changed after warm(): the text served is the one built when warm() ran.
  (s.doc as { packets: number }).packets = packets + 1000;
  assert.equal(JSON.parse(c.get().text(false)).packets, packets);
  // Pretty text is still built on first use.
  assert.equal(JSON.parse(c.get().text(true)).packets, packets + 1000);
});
