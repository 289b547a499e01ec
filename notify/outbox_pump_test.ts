import assert from "node:assert/strict";
import { openDatabase } from "../store/database.ts";
import { OutboxStore } from "../store/outbox_store.ts";
import { BACKOFF_MAX_MS, backoffMs, OutboxPump } from "./outbox_pump.ts";
import { senderFor } from "./senders.ts";
import { refusingUrl, webhookReceiver } from "./_test_receivers.ts";
import type { WebhookChannel } from "./channel.ts";

function hook(name: string, url: string): WebhookChannel {
  return { kind: "webhook", name, url, format: "generic", minSeverity: "info" };
}

Deno.test("backoffMs() doubles from 2 s and stops growing at its cap", () => {
  assert.deepEqual([1, 2, 3, 4].map(backoffMs), [2000, 4000, 8000, 16000]);
  assert.equal(backoffMs(50), BACKOFF_MAX_MS);
});

Deno.test("OutboxPump delivers to the receiver that answers and retries, then gives up on, the ones that fail", async () => {
  const ok = webhookReceiver("ok");
  const failing = webhookReceiver("error");
  const hanging = webhookReceiver("hang");
  const channels = [
    hook("ok", ok.url),
    hook("failing", failing.url),
    hook("hanging", hanging.url),
    hook("refused", refusingUrl()),
  ];
  const outbox = new OutboxStore(openDatabase(":memory:"));
  let now = 0;
  const failures: string[] = [];
  const pump = new OutboxPump({
    outbox,
    // Only the hanging receiver should meet the timeout: the others get one a loaded machine
    // cannot miss, so an answer that is slow to be scheduled is not taken for a failure.
    senders: new Map(
      channels.map((
        c,
      ) => [c.name, senderFor(c, { timeoutMs: c.name === "hanging" ? 200 : 10_000 })]),
    ),
    now: () => now,
    giveUpAfterMs: 10_000,
    onFailure: (channel, _error, givenUp) => failures.push(`${channel}${givenUp ? "!" : ""}`),
  });
  try {
    for (const c of channels) outbox.enqueue(c.name, `{"to":"${c.name}"}`, now);
    pump.pump();
    await pump.settled();
    assert.equal(ok.received.length, 1);
    assert.deepEqual(outbox.counts().sent, 1);
    assert.equal(outbox.counts().pending, 3);
    assert.deepEqual(failures.sort(), ["failing", "hanging", "refused"]);
    // Nothing is due again before the backoff.
    now = 1000;
    pump.pump();
    await pump.settled();
    assert.equal(failing.received.length, 1);
    // After the give-up time the failures are dropped and counted.
    now = 20_000;
    pump.pump();
    await pump.settled();
    assert.equal(failing.received.length, 2, "retried once more");
    const counts = outbox.counts();
    assert.equal(counts.pending, 0);
    assert.equal(counts.failed, 3);
    assert.equal(counts.sent, 1);
    assert.match(counts.lastError ?? "", /gave up after 2 attempts/);
    assert.ok(!(counts.lastError ?? "").includes("T0KEN"));
  } finally {
    pump.stop();
    await ok.close();
    await failing.close();
    await hanging.close();
  }
});
