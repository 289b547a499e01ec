import assert from "node:assert/strict";
import { openDatabase } from "../store/database.ts";
import { OutboxStore } from "../store/outbox_store.ts";
import { MAX_DIGEST_ALERTS, Notifier } from "./notifier.ts";
import type { Alert } from "../alerts/alert.ts";
import type { Channel } from "./channel.ts";

function alert(id: number, severity: Alert["severity"]): Alert {
  return {
    id,
    rule: "port_scan.vertical",
    severity,
    origin: "detector",
    subject: { kind: "host", key: `10.0.0.${id}`, addresses: [] },
    message: "scan",
    evidence: {},
    firstSeenMs: 0,
    lastSeenMs: 0,
    count: 1,
    acknowledgedMs: null,
  };
}

const channels: Channel[] = [
  {
    kind: "webhook",
    name: "all",
    url: "http://127.0.0.1:9/",
    format: "generic",
    minSeverity: "info",
  },
  {
    kind: "webhook",
    name: "loud",
    url: "http://127.0.0.1:9/",
    format: "slack",
    minSeverity: "critical",
  },
];

Deno.test("Notifier sends the first alert at once and a burst after it as one digest", async () => {
  const outbox = new OutboxStore(openDatabase(":memory:"));
  let now = 1000;
  const notifier = new Notifier({ channels, outbox, now: () => now, digestWindowMs: 50 });
  notifier.raise(alert(1, "warning"));
  assert.deepEqual(outbox.due(now, 10).map((m) => m.channel), ["all"], "warning: not for 'loud'");
  for (let id = 2; id <= 6; id++) notifier.raise(alert(id, "critical"));
  notifier.update(alert(2, "critical")); // a fold sends nothing
  assert.equal(outbox.due(now, 10).length, 2, "the first critical goes to 'loud' at once");
  now += 60;
  await new Promise((r) => setTimeout(r, 80));
  const messages = outbox.due(now, 10);
  assert.equal(messages.length, 4);
  const generic = JSON.parse(
    messages.find((m) => m.channel === "all" && m.body.includes('"digest"'))!.body,
  );
  assert.deepEqual(generic.alerts.map((a: Alert) => a.id), [2, 3, 4, 5, 6]);
  const slack = JSON.parse(messages.filter((m) => m.channel === "loud")[1]!.body);
  assert.match(slack.text, /4 alerts/);
});

Deno.test("Notifier.flushAll() queues what a digest window still holds", () => {
  const outbox = new OutboxStore(openDatabase(":memory:"));
  const notifier = new Notifier({ channels, outbox, now: () => 0, digestWindowMs: 60_000 });
  notifier.raise(alert(1, "info"));
  notifier.raise(alert(2, "info"));
  assert.equal(outbox.counts().pending, 1);
  notifier.flushAll();
  assert.equal(outbox.counts().pending, 2);
});

Deno.test("Notifier lists at most MAX_DIGEST_ALERTS in a digest and counts the rest", () => {
  const outbox = new OutboxStore(openDatabase(":memory:"));
  const notifier = new Notifier({
    channels: channels.slice(0, 1),
    outbox,
    now: () => 0,
    digestWindowMs: 60_000,
  });
  for (let id = 1; id <= MAX_DIGEST_ALERTS + 51; id++) notifier.raise(alert(id, "info"));
  notifier.flushAll();
  const [first, digest] = outbox.due(0, 10);
  assert.equal(JSON.parse(first!.body).alerts.length, 1);
  const body = JSON.parse(digest!.body);
  assert.equal(body.alerts.length, MAX_DIGEST_ALERTS);
  assert.equal(body.omitted, 50);
});
