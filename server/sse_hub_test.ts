import assert from "node:assert/strict";
import { ManualClock, RUNNING, testServer } from "./_test_server.ts";
import { SseReader } from "./_test_sse.ts";
import { SseHub } from "./sse_hub.ts";
import type { StatsSource } from "./stats_source.ts";
import { HttpError } from "./http_error.ts";

/** A hub over the sample engine, counting how often the engine is read. */
function hub(options: { maxClients?: number; queueFrames?: number } = {}) {
  const server = testServer();
  const clock = new ManualClock();
  const reads = { snapshot: 0 };
  const engine: StatsSource = {
    snapshot: () => (reads.snapshot++, server.engine.snapshot()),
    flows: (q) => server.engine.flows(q),
    packets: (q) => server.engine.packets(q),
    series: (w) => server.engine.series(w),
  };
  const h = new SseHub({ engine, status: () => RUNNING, now: clock.now, ...options });
  let t = 200;
  /** One new packet, so the next tick has something to say. */
  const traffic = () => server.feed([{ t: t++, src: "10.0.0.5", dst: "10.0.0.6", len: 64 }]);
  return { h, clock, reads, traffic };
}

const open = (h: SseHub) => new SseReader(h.connect().body!);

Deno.test("SseHub.connect() streams retry, then a snapshot event with an id", async () => {
  const { h } = hub();
  const res = h.connect();
  assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
  assert.equal(res.headers.get("cache-control"), "no-store");
  const r = new SseReader(res.body!);
  assert.deepEqual(await r.next(), { retry: 2000 });
  const snap = await r.next();
  assert.equal(snap?.event, "snapshot");
  assert.equal(snap?.id, "1");
  assert.equal(JSON.parse(snap!.data!).stats.packets, 5);
  assert.equal(h.counts.clients, 1);
});

Deno.test("SseHub.tick() reads the engine once and sends the same delta to every client", async () => {
  const { h, reads, traffic } = hub();
  const readers = Array.from({ length: 50 }, () => open(h));
  for (const r of readers) await r.nextEvent();
  assert.equal(reads.snapshot, 1, "one baseline shared by 50 connects");
  traffic();
  h.tick();
  assert.equal(reads.snapshot, 2, "one engine read for 50 clients");
  const deltas = await Promise.all(readers.map((r) => r.nextEvent()));
  assert.ok(deltas.every((d) => d?.event === "delta" && d.id === "2"));
  assert.equal(new Set(deltas.map((d) => d?.data)).size, 1);
  assert.equal(JSON.parse(deltas[0]!.data!).stats.packets, 6);
  assert.equal(h.counts.events, 1);
});

Deno.test("SseHub.prepare() takes the tick's document; tick() then sends it without reading again", async () => {
  const { h, reads, traffic } = hub();
  const reader = open(h);
  await reader.nextEvent();
  traffic();
  h.prepare();
  assert.equal(reads.snapshot, 2, "prepare() reads the engine");
  traffic();
  h.tick();
  assert.equal(reads.snapshot, 2, "tick() sends what prepare() took");
  assert.equal(JSON.parse((await reader.nextEvent())!.data!).stats.packets, 6);
  h.tick();
  assert.equal(reads.snapshot, 3, "a tick without prepare() reads the engine itself");
  assert.equal(JSON.parse((await reader.nextEvent())!.data!).stats.packets, 7);
});

Deno.test("SseHub.tick() sends nothing when nothing changed and skips all work with no client", async () => {
  const { h, reads, traffic } = hub();
  h.tick();
  assert.equal(reads.snapshot, 0, "no client: the engine is not read");
  const r = open(h);
  await r.nextEvent();
  h.tick();
  assert.equal(h.counts.events, 0, "nothing changed: no event");
  traffic();
  h.tick();
  assert.equal((await r.nextEvent())?.event, "delta");
});

Deno.test("SseHub removes a client as soon as it disconnects", async () => {
  const { h } = hub();
  const a = open(h);
  open(h);
  assert.equal(h.counts.clients, 2);
  await a.cancel();
  assert.equal(h.counts.clients, 1);
  assert.equal(h.counts.connected, 2);
});

Deno.test("SseHub coalesces a client that does not read, then closes it past the stall limit", async () => {
  const { h, clock, traffic } = hub({ queueFrames: 4 });
  const slow = open(h); // never read after this
  const fast = open(h);
  assert.equal((await fast.nextEvent())?.event, "snapshot");
  for (let s = 1; s <= 29; s++) {
    clock.ms = s * 1000;
    traffic();
    h.tick();
    assert.equal((await fast.nextEvent())?.event, "delta", "a reading client gets every delta");
  }
  const counts = h.counts;
  assert.equal(counts.clients, 2, "29 s stalled: still connected");
  assert.ok(counts.coalesced >= 5, `coalesced ${counts.coalesced}`);
  assert.ok(counts.droppedFrames >= 20, `dropped ${counts.droppedFrames}`);
  clock.ms = 31_000;
  traffic();
  h.tick();
  assert.equal(h.counts.clients, 1, "the stalled client is closed");
  assert.equal(h.counts.closedSlow, 1);
  // It reads what it had been handed before the close, then the end of the stream.
  const seen: (string | undefined)[] = [];
  for (let m = await slow.next(); m !== null; m = await slow.next()) seen.push(m.event);
  assert.deepEqual(seen, [undefined, "snapshot"]);
});

Deno.test("SseHub sends a ': ping' comment after 15 s without an event", async () => {
  const { h, clock } = hub();
  const r = open(h);
  await r.nextEvent();
  clock.ms = 14_000;
  h.tick();
  clock.ms = 15_000;
  h.tick();
  assert.deepEqual(await r.next(), { comment: "ping" });
});

Deno.test("SseHub refuses a client past maxClients with 503 and Retry-After", () => {
  const { h } = hub({ maxClients: 2 });
  open(h);
  open(h);
  assert.throws(() => h.connect(), (e: unknown) => {
    assert.ok(e instanceof HttpError);
    assert.equal(e.status, 503);
    assert.equal(new Headers(e.headers).get("retry-after"), "10");
    return true;
  });
  assert.equal(h.counts.rejected, 1);
});

Deno.test("SseHub.close() ends every stream", async () => {
  const { h } = hub();
  const rs = [open(h), open(h)];
  h.close();
  assert.equal(h.counts.clients, 0);
  for (const r of rs) {
    await r.nextEvent();
    assert.equal(await r.next(), null);
  }
});
