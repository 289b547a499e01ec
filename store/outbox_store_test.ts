import assert from "node:assert/strict";
import { openDatabase } from "./database.ts";
import { OutboxStore } from "./outbox_store.ts";

Deno.test("OutboxStore hands out due messages, reschedules, and counts sent and failed", () => {
  const box = new OutboxStore(openDatabase(":memory:"));
  const a = box.enqueue("hook", '{"a":1}', 100);
  const b = box.enqueue("mail", '{"b":2}', 100);
  assert.deepEqual(box.due(100, 10).map((m) => m.id), [a, b]);
  box.retryLater(a, "HTTP 500", 5000);
  assert.deepEqual(box.due(200, 10).map((m) => m.id), [b]);
  const retried = box.due(5000, 10).find((m) => m.id === a)!;
  assert.equal(retried.attempts, 1);
  assert.equal(retried.lastError, "HTTP 500");
  box.sent(b);
  box.giveUp(a, "gave up after 24 h");
  assert.deepEqual(box.counts(), {
    pending: 0,
    sent: 1,
    failed: 1,
    lastError: "gave up after 24 h",
  });
});

Deno.test("OutboxStore gives up the oldest message when full (bounded outbox)", () => {
  const box = new OutboxStore(openDatabase(":memory:"), 3);
  const ids = [1, 2, 3, 4, 5].map((n) => box.enqueue("hook", String(n), n));
  const left = box.due(100, 10).map((m) => m.id);
  assert.deepEqual(left, ids.slice(2));
  assert.equal(box.counts().failed, 2);
  assert.match(box.counts().lastError ?? "", /outbox full/);
});

Deno.test("OutboxStore's counts and waiting messages survive reopening the file", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const first = new OutboxStore(openDatabase(`${dir}/h.db`));
    first.sent(first.enqueue("hook", "{}", 1));
    first.enqueue("hook", "{}", 2);
    const again = new OutboxStore(openDatabase(`${dir}/h.db`));
    assert.equal(again.counts().sent, 1);
    assert.equal(again.counts().pending, 1);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
