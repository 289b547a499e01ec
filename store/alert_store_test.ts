import assert from "node:assert/strict";
import { openDatabase } from "./database.ts";
import { AlertStore } from "./alert_store.ts";
import { testAlert } from "./_test_alert.ts";

function store(): AlertStore {
  return new AlertStore(openDatabase(":memory:"));
}

Deno.test("AlertStore keeps a raised alert and its folds under the same id", () => {
  const alerts = store();
  alerts.raise(testAlert({ id: 4 }));
  alerts.update(
    testAlert({ id: 4, count: 3, lastSeenMs: 1_700_000_009_000, evidence: { ports: 300 } }),
  );
  const kept = alerts.get(4)!;
  assert.equal(kept.count, 3);
  assert.equal(kept.lastSeenMs, 1_700_000_009_000);
  assert.equal(kept.firstSeenMs, 1_700_000_000_000);
  assert.deepEqual(kept.evidence, { ports: 300 });
  assert.deepEqual(kept.subject, testAlert().subject);
  assert.equal(alerts.nextId(), 5);
});

Deno.test("AlertStore.create() numbers alerts after the engine's", () => {
  const alerts = store();
  alerts.raise(testAlert({ id: 10 }));
  const { id: _ignored, ...fields } = testAlert({ origin: "manual" });
  const made = alerts.create(fields);
  assert.equal(made.id, 11);
  assert.equal(alerts.get(11)?.origin, "manual");
});

Deno.test("AlertStore.list() filters by severity, rule, subject, time and acknowledgement", () => {
  const alerts = store();
  alerts.raise(testAlert({ id: 1, severity: "info", rule: "new_talker", lastSeenMs: 1000 }));
  alerts.raise(testAlert({ id: 2, severity: "critical", rule: "syn_flood", lastSeenMs: 2000 }));
  alerts.raise(testAlert({
    id: 3,
    rule: "dns_tunnel",
    subject: { kind: "domain", key: "t.example", addresses: ["10.0.0.7"] },
    lastSeenMs: 5000,
  }));
  alerts.acknowledge(2, 9999);
  const ids = (f: Parameters<AlertStore["list"]>[0]) => alerts.list(f).map((a) => a.id);
  assert.deepEqual(ids({}), [3, 2, 1]);
  assert.deepEqual(ids({ severities: ["critical", "info"] }), [2, 1]);
  assert.deepEqual(ids({ rules: ["dns_tunnel"] }), [3]);
  assert.deepEqual(ids({ subject: "t.example" }), [3]);
  assert.deepEqual(ids({ subject: "10.0.0.7" }), [3]);
  assert.deepEqual(ids({ subject: "10.0.0.5" }), [2, 1]);
  assert.deepEqual(ids({ sinceMs: 2000 }), [3, 2]);
  assert.deepEqual(ids({ acknowledged: true }), [2]);
  assert.deepEqual(ids({ acknowledged: false, limit: 1 }), [3]);
  assert.deepEqual(ids({ beforeId: 3 }), [2, 1]);
  assert.deepEqual(alerts.unacknowledgedCounts(), { info: 1, warning: 1, critical: 0 });
});

Deno.test("AlertStore.acknowledge() sets and clears, and says when there is no such alert", () => {
  const alerts = store();
  alerts.raise(testAlert({ id: 1 }));
  assert.equal(alerts.acknowledge(1, 1234)?.acknowledgedMs, 1234);
  assert.equal(alerts.acknowledge(1, null)?.acknowledgedMs, null);
  assert.equal(alerts.acknowledge(99, 1), undefined);
});
