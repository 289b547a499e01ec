import assert from "node:assert/strict";
import { openDatabase } from "./database.ts";
import { AlertStore } from "./alert_store.ts";
import { AlertRecorder, MAX_MAPPED_IDS } from "./alert_recorder.ts";
import { testAlert } from "./_test_alert.ts";
import type { Alert } from "../alerts/alert.ts";

Deno.test("AlertRecorder commits before the sinks hear, under the database's id", () => {
  const store = new AlertStore(openDatabase(":memory:"));
  const heard: string[] = [];
  const recorder = new AlertRecorder(store, [{
    raise: (a: Alert) => heard.push(`raise ${a.id} ${store.get(a.id)?.count}`),
    update: (a: Alert) => heard.push(`update ${a.id} ${store.get(a.id)?.count}`),
  }]);
  const { id: _, ...manual } = testAlert({ origin: "manual" });
  assert.equal(recorder.record(manual).id, 1);
  // The engine numbers from 1 too: its alert 1 is stored as 2, and its folds follow.
  recorder.raise(testAlert({ id: 1, rule: "syn_flood" }));
  recorder.update(testAlert({ id: 1, rule: "syn_flood", count: 5 }));
  assert.deepEqual(heard, ["raise 1 1", "raise 2 1", "update 2 5"]);
  assert.equal(store.get(1)?.origin, "manual", "the manual alert was not overwritten");
  assert.equal(store.get(2)?.rule, "syn_flood");
});

Deno.test("AlertRecorder remembers at most MAX_MAPPED_IDS engine ids; a fold of a forgotten one is kept as new", () => {
  const store = new AlertStore(openDatabase(":memory:"));
  const recorder = new AlertRecorder(store);
  for (let id = 1; id <= MAX_MAPPED_IDS + 1; id++) recorder.raise(testAlert({ id }));
  recorder.update(testAlert({ id: 1, count: 9 }));
  const newest = store.list({ limit: 1 })[0]!;
  assert.equal(newest.id, MAX_MAPPED_IDS + 2);
  assert.equal(newest.count, 9);
  assert.equal(store.get(1)?.count, 1);
  recorder.update(testAlert({ id: MAX_MAPPED_IDS + 1, count: 4 }));
  assert.equal(store.get(MAX_MAPPED_IDS + 1)?.count, 4, "a remembered one folds in place");
});
