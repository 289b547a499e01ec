import assert from "node:assert/strict";
import { openDatabase } from "./database.ts";
import { AlertStore } from "./alert_store.ts";
import { prune, usedBytes } from "./retention.ts";
import { testAlert } from "./_test_alert.ts";

const DAY = 86_400_000;

Deno.test("prune() drops alerts and minutes older than the retention days", () => {
  const db = openDatabase(":memory:");
  const alerts = new AlertStore(db);
  const now = 100 * DAY;
  alerts.raise(testAlert({ id: 1, lastSeenMs: now - 31 * DAY }));
  alerts.raise(testAlert({ id: 2, lastSeenMs: now - 29 * DAY }));
  db.prepare("INSERT INTO series_minutes VALUES (?, '[]', '[]'), (?, '[]', '[]')").run(
    now - 40 * DAY,
    now - DAY,
  );
  const result = prune(db, { days: 30, maxBytes: 1e12 }, now);
  assert.equal(result.deletedRows, 2);
  assert.deepEqual(alerts.list().map((a) => a.id), [2]);
  assert.equal(
    (db.prepare("SELECT count(*) AS n FROM series_minutes").get() as { n: number }).n,
    1,
  );
});

Deno.test("prune() removes the oldest rows until the file fits its size budget", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const db = openDatabase(`${dir}/h.db`);
    const alerts = new AlertStore(db);
    const padding = "x".repeat(2000);
    db.exec("BEGIN");
    for (let id = 1; id <= 2000; id++) {
      alerts.raise(testAlert({ id, lastSeenMs: 50 * DAY + id, message: padding }));
    }
    db.exec("COMMIT");
    const budget = 1024 * 1024;
    assert.ok(usedBytes(db) > 4 * budget, `filled to ${usedBytes(db)} bytes`);
    const result = prune(db, { days: 30, maxBytes: budget }, 51 * DAY);
    assert.ok(result.bytesAfter <= budget, `${result.bytesAfter} bytes left`);
    const left = alerts.list();
    assert.ok(left.length > 100, "not everything was dropped");
    assert.equal(left[0]!.id, 2000, "the newest alerts stay");
    db.close();
    // Freed pages went back to the file system (incremental vacuum), not only to SQLite.
    assert.ok(Deno.statSync(`${dir}/h.db`).size <= budget * 1.2);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("prune() keeps at most maxAlerts alerts, the newest", () => {
  const db = openDatabase(":memory:");
  const alerts = new AlertStore(db);
  for (let id = 1; id <= 50; id++) alerts.raise(testAlert({ id, lastSeenMs: 100 * DAY }));
  prune(db, { days: 30, maxBytes: 1e12, maxAlerts: 20 }, 100 * DAY);
  const left = alerts.list().map((a) => a.id);
  assert.equal(left.length, 20);
  assert.equal(left[0], 50);
  assert.equal(left.at(-1), 31);
});
