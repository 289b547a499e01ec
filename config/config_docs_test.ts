import assert from "node:assert/strict";
import { DEFAULT_ALERT_OPTIONS } from "../alerts/alert_options.ts";

const DOCS = Deno.readTextFileSync(new URL("../docs/config.md", import.meta.url));

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

Deno.test("docs/config.md documents every detector threshold under its section", () => {
  const missing: string[] = [];
  for (const [section, values] of Object.entries(DEFAULT_ALERT_OPTIONS)) {
    if (Array.isArray(values)) continue;
    const start = DOCS.indexOf(`### \`[alerts.${snake(section)}]\``);
    if (start < 0) {
      missing.push(`[alerts.${snake(section)}]`);
      continue;
    }
    const end = DOCS.indexOf("\n### ", start + 1);
    const body = DOCS.slice(start, end < 0 ? undefined : end);
    for (const key of Object.keys(values)) {
      if (!body.includes(`| \`${snake(key)}\``)) {
        missing.push(`alerts.${snake(section)}.${snake(key)}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});
