import assert from "node:assert/strict";
import { parseOptions, UsageError } from "./options.ts";
import { databasePathFor } from "./run_history.ts";

Deno.test("parseOptions() reads --config, --db and --no-db, and refuses --db with --no-db", () => {
  const o = parseOptions(["--config", "w.toml", "--db", "/tmp/h.db"]);
  assert.equal(o.config, "w.toml");
  assert.equal(o.db, "/tmp/h.db");
  assert.equal(o.noDb, false);
  assert.equal(parseOptions(["--no-db"]).noDb, true);
  assert.throws(() => parseOptions(["--db", "x.db", "--no-db"]), UsageError);
  assert.throws(() => parseOptions(["--db", " "]), /Invalid --db: the value is empty/);
});

Deno.test("databasePathFor(): --no-db, then --db, then the config file, then the XDG default", () => {
  const env = (name: string) => ({ HOME: "/home/u" } as Record<string, string>)[name];
  const config = (path?: string, enabled = true) => ({
    database: { enabled, ...(path ? { path } : {}) },
    notify: { channels: [] },
    // deno-lint-ignore no-explicit-any
    alerts: {} as any,
  });
  assert.equal(databasePathFor(parseOptions(["--no-db"]), config("/c.db"), env), ":memory:");
  assert.equal(databasePathFor(parseOptions([]), config("/c.db", false), env), ":memory:");
  assert.equal(databasePathFor(parseOptions(["--db", "/f.db"]), config("/c.db"), env), "/f.db");
  assert.equal(databasePathFor(parseOptions([]), config("/c.db"), env), "/c.db");
  assert.equal(
    databasePathFor(parseOptions([]), undefined, env),
    "/home/u/.local/state/wirescope/history.db",
  );
});
