import assert from "node:assert/strict";
import { openDatabase } from "./database.ts";
import { MAX_MUTES, MuteStore } from "./mute_store.ts";

Deno.test("MuteStore.matching() honours rule, subject and expiry", () => {
  const mutes = new MuteStore(openDatabase(":memory:"));
  mutes.add({ rule: "syn_flood", subjectKey: null, createdMs: 0, expiresMs: 1000, note: "" });
  mutes.add({
    rule: null,
    subjectKey: "10.0.0.1 -> 10.0.0.2",
    createdMs: 0,
    expiresMs: null,
    note: "backup job",
  });
  assert.ok(mutes.matching("syn_flood", "10.9.9.9", 500));
  assert.equal(mutes.matching("syn_flood", "10.9.9.9", 1000), undefined, "expired at 1000");
  assert.equal(
    mutes.matching("port_scan.vertical", "10.0.0.1 -> 10.0.0.2", 5000)?.note,
    "backup job",
  );
  assert.equal(mutes.matching("port_scan.vertical", "10.0.0.1", 5000), undefined);
  assert.equal(mutes.active(5000).length, 1);
});

Deno.test("MuteStore refuses a mute of everything and stops at MAX_MUTES", () => {
  const mutes = new MuteStore(openDatabase(":memory:"));
  assert.throws(
    () => mutes.add({ rule: null, subjectKey: null, createdMs: 0, expiresMs: null, note: "" }),
    RangeError,
  );
  for (let i = 0; i < MAX_MUTES; i++) {
    mutes.add({ rule: `r${i}`, subjectKey: null, createdMs: 0, expiresMs: null, note: "" });
  }
  assert.throws(
    () =>
      mutes.add({ rule: "one more", subjectKey: null, createdMs: 0, expiresMs: null, note: "" }),
    /1000 are kept/,
  );
  const first = mutes.active(0)[0]!;
  assert.ok(mutes.remove(first.id));
  mutes.add({ rule: "fits again", subjectKey: null, createdMs: 0, expiresMs: null, note: "" });
  assert.ok(mutes.matching("fits again", "x", 0));
});
