import assert from "node:assert/strict";
import {
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  backoffDelay,
  LiveStream,
  type StreamEnvironment,
  type StreamStatus,
} from "./event_stream.ts";

Deno.test("backoffDelay() doubles from the base up to the maximum, jittered down to half", () => {
  assert.equal(backoffDelay(0, 1), BACKOFF_BASE_MS);
  assert.equal(backoffDelay(0, 0), BACKOFF_BASE_MS / 2);
  assert.equal(backoffDelay(3, 1), BACKOFF_BASE_MS * 8);
  assert.equal(backoffDelay(50, 1), BACKOFF_MAX_MS);
  assert.equal(backoffDelay(50, 0), BACKOFF_MAX_MS / 2);
});

/** A scripted EventSource: the test fires its events. */
class FakeSource extends EventTarget {
  closed = false;
  close() {
    this.closed = true;
  }
  emit(type: string, data?: unknown) {
    const event = new MessageEvent(type, { data: JSON.stringify(data) });
    this.dispatchEvent(event);
  }
}

function harness() {
  const sources: FakeSource[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const statuses: StreamStatus[] = [];
  const env: StreamEnvironment = {
    open: () => {
      const s = new FakeSource();
      sources.push(s);
      return s as unknown as EventSource;
    },
    setTimeout: (fn, ms) => {
      timers.push({ fn, ms });
      return timers.length as unknown as ReturnType<typeof setTimeout>;
    },
    clearTimeout: () => {},
    now: () => 0,
    random: () => 1,
  };
  const snapshots: unknown[] = [];
  const stream = new LiveStream("/events", {
    snapshot: (e) => snapshots.push(e),
    delta: () => {},
    status: (s) => statuses.push(s),
  }, env);
  return { stream, sources, timers, statuses, snapshots };
}

Deno.test("LiveStream retries with growing delays and starts over after a snapshot", () => {
  const h = harness();
  h.stream.start();
  h.sources[0]!.emit("error");
  assert.ok(h.sources[0]!.closed, "the failed EventSource is closed, not left to retry");
  assert.equal(h.timers[0]!.ms, BACKOFF_BASE_MS);
  h.timers[0]!.fn();
  h.sources[1]!.emit("error");
  assert.equal(h.timers[1]!.ms, BACKOFF_BASE_MS * 2);
  h.timers[1]!.fn();
  h.sources[2]!.emit("snapshot", { seq: 1 });
  assert.deepEqual(h.snapshots, [{ seq: 1 }]);
  assert.deepEqual(h.statuses.at(-1), { state: "open" });
  h.sources[2]!.emit("error");
  assert.equal(h.timers[2]!.ms, BACKOFF_BASE_MS);
  assert.deepEqual(h.statuses.at(-1), { state: "retrying", attempt: 1, retryAtMs: 500 });
});

Deno.test("LiveStream.close() closes the EventSource and never reconnects", () => {
  const h = harness();
  h.stream.start();
  h.stream.close();
  assert.ok(h.sources[0]!.closed);
  h.sources[0]!.emit("error");
  assert.equal(h.timers.length, 0);
});
