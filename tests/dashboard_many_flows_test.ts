/**
 * The dashboard against a server holding 10,000 flows that keeps changing: the page stays
 * correct and bounded (it is sent pages, not everything) and logs no errors. What an update
 * costs is measured by `deno run -A bench/page_update_cost.ts`, not asserted here.
 */
import assert from "node:assert/strict";
import { launchBrowser } from "./support/browser.ts";
import { startSyntheticServer } from "./support/dashboard_server.ts";
import {
  browserTestOptions as options,
  fetchStats,
  type TimedPage,
  UI_TIMEOUT_MS,
  waitForState,
} from "./support/dashboard_page.ts";

const FLOWS = 10_000;
/** Updates to see go by before looking (one a second). */
const UPDATES = 3;

Deno.test({
  name: `the dashboard stays bounded and error-free with ${FLOWS} flows on the server`,
  ...options,
  async fn() {
    const server = startSyntheticServer(FLOWS, 500);
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await page.goto(server.url);
      await waitForState(page, "open");
      await page.waitForFunction(
        (n) => ((globalThis as TimedPage).__wirescopeUpdates?.length ?? 0) >= n,
        UPDATES + 1,
        { timeout: UI_TIMEOUT_MS + UPDATES * 1000 },
      );
      const stats = await fetchStats(server.url);
      assert.ok(stats.flows.active >= FLOWS, `the server holds ${stats.flows.active} flows`);
      // The conversations table shows one page of them, and says how many there are.
      const rows = await page.locator('[data-testid="conversations-table"] tbody tr').count();
      assert.ok(rows > 0 && rows <= 100, `${rows} conversation rows on the page`);
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
      await server.close();
    }
  },
});
