/**
 * axe-core on the loaded dashboard, light and dark, against the CLI serving a capture: no
 * serious or critical WCAG 2.1 A/AA violation (contrast included). Every panel is scrolled into
 * view first so the panels drawn only when visible are checked too. The full result, minor
 * findings included, is written to tests/artifacts/axe-<theme>.json.
 */
import assert from "node:assert/strict";
import { axeViolations, type BrowserSession, launchBrowser } from "./support/browser.ts";
import { capturePath } from "./support/captures.ts";
import { CliServer } from "./support/dashboard_server.ts";
import {
  ARTIFACTS,
  browserTestOptions as options,
  CAPTURE,
  fetchStats,
  screenshot,
  waitForState,
  waitUntil,
} from "./support/dashboard_page.ts";

for (const theme of ["light", "dark"] as const) {
  Deno.test({
    name: `axe-core finds no serious or critical violation on the dashboard, ${theme}`,
    ...options,
    async fn() {
      const server = await CliServer.start(["-r", capturePath(CAPTURE)]);
      let browser: BrowserSession | undefined;
      try {
        await waitUntil(
          "the file to be read",
          async () => (await fetchStats(server.url)).capture.state === "ended",
        );
        browser = await launchBrowser({ colorScheme: theme });
        const { page } = browser;
        await page.goto(server.url);
        await waitForState(page, "open");
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
        for (const panel of await page.locator(".panel").all()) {
          await panel.scrollIntoViewIfNeeded();
        }
        await page.locator("#chart-world-map").waitFor();
        await screenshot(page, `axe-dashboard-${theme}.png`);
        const violations = await axeViolations(page);
        await Deno.mkdir(ARTIFACTS, { recursive: true });
        await Deno.writeTextFile(
          new URL(`axe-${theme}.json`, ARTIFACTS),
          JSON.stringify(violations, null, 2),
        );
        const grave = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        console.log(
          `axe-core, ${theme}: ${violations.length} rules violated (${
            violations.map((v) => `${v.id} ${v.impact} x${v.nodes.length}`).join(", ") || "none"
          })`,
        );
        assert.deepEqual(
          grave.map((v) =>
            `${v.id} (${v.impact}): ${v.help}: ${
              v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("; ")
            }`
          ),
          [],
        );
      } finally {
        await browser?.close();
        await server.stop();
      }
    },
  });
}
