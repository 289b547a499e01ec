import assert from "node:assert/strict";
import { ManualClock } from "./_test_server.ts";
import { type CloseReason, SseClient } from "./sse_client.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => b === undefined ? "<done>" : new TextDecoder().decode(b);

function client(queueFrames = 3) {
  const clock = new ManualClock();
  const closes: CloseReason[] = [];
  const c = new SseClient(1, [enc("retry"), enc("snap0")], {
    now: clock.now,
    queueFrames,
    onClose: (_, reason) => closes.push(reason),
  });
  const reader = c.stream.getReader();
  const next = async () => dec((await reader.read()).value);
  return { c, clock, closes, reader, next };
}

const never = (): Uint8Array => {
  throw new Error("snapshot must not be built while the client keeps up");
};

Deno.test("SseClient hands out the first frames, then each sent frame in order", async () => {
  const { c, next } = client();
  assert.equal(await next(), "retry");
  assert.equal(await next(), "snap0");
  const pending = next();
  c.send(enc("d1"), never);
  assert.equal(await pending, "d1", "a waiting reader gets the frame at once");
  c.send(enc("d2"), never);
  c.send(enc("d3"), never);
  assert.equal(c.queued, 2);
  assert.equal(await next(), "d2");
  assert.equal(await next(), "d3");
  assert.equal(c.queued, 0);
});

Deno.test("SseClient replaces a full queue with one snapshot and counts the dropped frames", async () => {
  const { c, next } = client(3);
  for (const f of ["d1", "d2", "d3"]) c.send(enc(f), never);
  assert.equal(c.queued, 3);
  let built = 0;
  c.send(enc("d4"), () => {
    built++;
    return enc("snap4");
  });
  assert.equal(built, 1);
  assert.equal(c.queued, 1, "memory stays bounded: one frame replaces the backlog");
  assert.equal(c.dropped, 4);
  assert.equal(c.coalesced, 1);
  c.send(enc("d5"), never);
  assert.deepEqual([await next(), await next(), await next(), await next()], [
    "retry",
    "snap0",
    "snap4",
    "d5",
  ]);
});

Deno.test("SseClient.stalledMs() measures how long waiting frames went untaken", async () => {
  const { c, clock, next } = client(10);
  await next();
  await next();
  assert.equal(c.stalledMs(), 0, "nothing waits");
  clock.ms = 1000;
  c.send(enc("d1"), never);
  c.send(enc("d2"), never);
  clock.ms = 6000;
  assert.equal(c.stalledMs(), 5000);
  await next();
  assert.equal(c.stalledMs(), 0, "taking a frame is progress");
  clock.ms = 7000;
  assert.equal(c.stalledMs(), 1000);
});

Deno.test("SseClient is removed once when the reader cancels, and ignores later frames", async () => {
  const { c, closes, reader } = client();
  c.send(enc("d1"), never);
  await reader.cancel();
  assert.deepEqual(closes, ["disconnected"]);
  assert.equal(c.closed, true);
  assert.equal(c.dropped, 1, "the queued frame was never delivered");
  c.send(enc("d2"), never);
  assert.equal(c.queued, 0);
  c.close("slow");
  assert.deepEqual(closes, ["disconnected"], "onClose runs once");
});

Deno.test("SseClient.close() ends the stream after the frames already handed to it", async () => {
  const { c, closes, next } = client();
  c.send(enc("d1"), never);
  c.close("slow");
  assert.deepEqual(closes, ["slow"]);
  assert.equal(await next(), "retry");
  assert.equal(await next(), "snap0");
  assert.equal(await next(), "<done>");
});

Deno.test("SseClient.heartbeat() pings only after heartbeatMs without a frame and with none waiting", async () => {
  const { c, clock, next } = client();
  await next();
  await next();
  clock.ms = 14_999;
  c.heartbeat(15_000);
  assert.equal(c.queued, 0);
  clock.ms = 15_000;
  c.heartbeat(15_000);
  assert.equal(await next(), ": ping\n\n");
  clock.ms = 20_000;
  c.send(enc("d1"), never);
  clock.ms = 34_000;
  c.heartbeat(15_000);
  assert.equal(c.queued, 1, "recent frame: no ping");
  clock.ms = 40_000;
  c.heartbeat(15_000);
  assert.equal(c.queued, 1, "a frame waits already: no ping");
});
