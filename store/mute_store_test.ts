import assert from "node:assert/strict";
import { openDatabase } from "./database.ts";
import { MAX_MUTES, MuteStore } from "./mute_store.ts";

Deno.test("MuteStore keeps rule, subject and pair mutes and forgets expired ones", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const mutes = new MuteStore(openDatabase(`${dir}/h.db`));
    mutes.add({ rule: "syn_flood", untilMs: 1000, createdMs: 0, note: "" });
    mutes.add({
      pair: { client: "10.0.0.1", server: "10.0.0.2" },
      untilMs: null,
      createdMs: 0,
      note: "backup job",
    });
    mutes.add({ rule: "dns_tunnel", subject: "t.example", untilMs: null, createdMs: 0, note: "" });
    assert.equal(mutes.active(500).length, 3);
    // Reopened (a restart): the two that have not expired are still there, as they were.
    const again = new MuteStore(openDatabase(`${dir}/h.db`));
    const active = again.active(1000);
    assert.deepEqual(active.map(({ id: _, ...m }) => m), [
      {
        pair: { client: "10.0.0.1", server: "10.0.0.2" },
        untilMs: null,
        createdMs: 0,
        note: "backup job",
      },
      { rule: "dns_tunnel", subject: "t.example", untilMs: null, createdMs: 0, note: "" },
    ]);
    assert.ok(again.remove(active[0]!.id));
    assert.equal(again.active(1000).length, 1);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("MuteStore refuses a mute of everything and stops at MAX_MUTES", () => {
  const mutes = new MuteStore(openDatabase(":memory:"));
  assert.throws(() => mutes.add({ untilMs: null, createdMs: 0, note: "" }), RangeError);
  for (let i = 0; i < MAX_MUTES; i++) {
    mutes.add({ rule: `r${i}`, untilMs: null, createdMs: 0, note: "" });
  }
  assert.throws(
    () => mutes.add({ rule: "one more", untilMs: null, createdMs: 0, note: "" }),
    /1024 are kept/,
  );
});
