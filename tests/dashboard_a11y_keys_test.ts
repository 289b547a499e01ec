/**
 * Keyboard and text access to the dashboard, in a real browser against the CLI serving a
 * capture: every tab stop shows where focus is (an outline or a ring), the charts have their
 * numbers in words (the traffic chart's summary holds /stats's packets for the whole capture),
 * and the map's countries can be scoped from the keyboard through the country table.
 */
import assert from "node:assert/strict";
import { formatCount } from "../format/units.ts";
import { type BrowserSession, launchBrowser } from "./support/browser.ts";
import { capturePath } from "./support/captures.ts";
import { CliServer } from "./support/dashboard_server.ts";
import {
  browserTestOptions as options,
  CAPTURE,
  fetchStats,
  waitForState,
  waitUntil,
} from "./support/dashboard_page.ts";

/** Tab presses taken through the page: more than its controls, so the walk wraps around. */
const MAX_TABS = 400;

Deno.test({
  name: "every tab stop shows focus, charts have words, a country scopes by keyboard",
  ...options,
  async fn(t) {
    const server = await CliServer.start(["-r", capturePath(CAPTURE)]);
    let browser: BrowserSession | undefined;
    try {
      await waitUntil(
        "the file to be read",
        async () => (await fetchStats(server.url)).capture.state === "ended",
      );
      const stats = await fetchStats(server.url);
      browser = await launchBrowser();
      const { page } = browser;
      await page.goto(server.url);
      await waitForState(page, "open");
      for (const panel of await page.locator(".panel").all()) await panel.scrollIntoViewIfNeeded();
      await page.evaluate(() => scrollTo(0, 0));

      await t.step("the traffic chart's summary holds every packet of the capture", async () => {
        // The whole capture's series arrives after the page opens (its own request): wait for it.
        const summary = page.locator('[data-testid="timeline-summary"]');
        const expected = `Shown: ${formatCount(stats.packets)} packets`;
        await waitUntil(
          "the summary of the whole capture",
          async () => (await summary.innerText()).startsWith(expected),
        ).catch(() => {});
        const text = await summary.innerText();
        assert.ok(text.startsWith(expected), text);
        assert.match(text, /TCP \d+%/);
      });

      await t.step("every tab stop has a visible focus indicator", async () => {
        const seen = new Set<string>();
        const unmarked: string[] = [];
        for (let i = 0; i < MAX_TABS; i++) {
          await page.keyboard.press("Tab");
          const focus = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement | null;
            if (!el || el === document.body) return null;
            const style = getComputedStyle(el);
            const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) ||
              style.boxShadow !== "none";
            const path = [el.tagName, el.id, el.getAttribute("aria-label"), el.textContent]
              .filter(Boolean).join(" ").slice(0, 80);
            return { path, ring };
          });
          if (focus === null) continue;
          if (seen.has(focus.path)) {
            if (seen.size > 20) break; // wrapped around to a stop already checked
            continue;
          }
          seen.add(focus.path);
          if (!focus.ring) unmarked.push(focus.path);
        }
        assert.ok(seen.size > 20, `only ${seen.size} tab stops`);
        assert.deepEqual(unmarked, []);
      });

      await t.step("a country's name in the table scopes the page to it by keyboard", async () => {
        const top = stats.places.countries[0]!;
        const button = page.locator(`[data-testid="countries"] tr[data-key="${top.key}"] button`);
        await button.focus();
        await page.keyboard.press("Enter");
        await waitUntil(
          "the conversations filter",
          async () => (await page.locator("#flow-filter").inputValue()) === `country ${top.key}`,
        );
        // Panels out of view skip updates (components/when_visible.tsx): look at it first.
        await page.locator("#hosts").scrollIntoViewIfNeeded();
        await waitUntil(
          "the top hosts to be scoped",
          async () => (await page.locator("#hosts .scope").innerText()) === `country ${top.key}`,
        );
      });
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser?.close();
      await server.stop();
    }
  },
});
