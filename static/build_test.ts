/**
 * The committed bundle must be what the sources build today: `deno run main.ts` and
 * `deno compile` serve static/dist/ as committed, with no build step.
 */
import assert from "node:assert/strict";
import { buildDashboard, DIST } from "./build.ts";

Deno.test({
  name: "static/dist/ is up to date with the dashboard sources (else: deno task build)",
  async fn() {
    const built = await buildDashboard();
    const js = await Deno.readTextFile(new URL("app.js", DIST));
    const css = await Deno.readTextFile(new URL("app.css", DIST));
    assert.ok(js === built.js, "static/dist/app.js is stale: run `deno task build` and commit it");
    assert.ok(
      css === built.css,
      "static/dist/app.css is stale: run `deno task build` and commit it",
    );
  },
});
