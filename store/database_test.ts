import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { defaultDatabasePath, openDatabase, StoreError } from "./database.ts";
import { MIGRATIONS } from "./migrations.ts";

Deno.test("openDatabase() creates folders, turns on WAL and runs every migration once", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = `${dir}/a/b/history.db`;
    const db = openDatabase(path);
    assert.equal(
      (db.prepare("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode,
      "wal",
    );
    assert.equal(
      (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version,
      MIGRATIONS.length,
    );
    db.prepare("INSERT INTO counters (name, value) VALUES ('x', 7)").run();
    assert.equal(Deno.statSync(path).mode! & 0o777, 0o600, "owner only");
    assert.equal(Deno.statSync(`${path}-wal`).mode! & 0o777, 0o600, "its WAL too");
    db.close();
    const again = openDatabase(path); // migrations already applied: must not run again
    assert.equal((again.prepare("SELECT value FROM counters").get() as { value: number }).value, 7);
    again.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("openDatabase() refuses a file from a newer wirescope, naming the versions", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = `${dir}/h.db`;
    const raw = new DatabaseSync(path);
    raw.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    assert.throws(() => openDatabase(path), (e: Error) => {
      assert.ok(e instanceof StoreError);
      assert.match(e.message, /newer than this wirescope/);
      return true;
    });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("openDatabase() names the path it cannot open", () => {
  assert.throws(() => openDatabase("/proc/no-such/place/h.db"), /Cannot (create folder|open)/);
});

Deno.test("defaultDatabasePath() follows XDG_STATE_HOME, then ~/.local/state", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.equal(
    defaultDatabasePath(env({ XDG_STATE_HOME: "/s", HOME: "/h" })),
    "/s/wirescope/history.db",
  );
  assert.equal(defaultDatabasePath(env({ HOME: "/h" })), "/h/.local/state/wirescope/history.db");
  // A relative XDG_STATE_HOME is invalid by the spec and ignored.
  assert.equal(
    defaultDatabasePath(env({ XDG_STATE_HOME: "rel", HOME: "/h" })),
    "/h/.local/state/wirescope/history.db",
  );
  assert.throws(() => defaultDatabasePath(env({})), /--db PATH/);
});
