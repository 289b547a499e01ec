/**
 * The packet-size histogram in a real browser against the CLI serving a capture: every bucket's
 * frame count and the summary line are /stats's `packetLengths`.
 */
import assert from "node:assert/strict";
import { type BrowserSession, launchBrowser } from "./support/browser.ts";
import { capturePath } from "./support/captures.ts";
import { CliServer } from "./support/dashboard_server.ts";
import {
  ARTIFACTS,
  browserTestOptions as options,
  CAPTURE,
  fetchStats,
  waitForState,
  waitUntil,
} from "./support/dashboard_page.ts";

Deno.test({
  name: "packet-size histogram shows /stats's packetLengths bucket by bucket",
  ...options,
  async fn() {
    const server = await CliServer.start(["-r", capturePath(CAPTURE)]);
    let browser: BrowserSession | undefined;
    try {
      await waitUntil(
        "the file to be read",
        async () => (await fetchStats(server.url)).capture.state === "ended",
      );
      const lengths = (await fetchStats(server.url)).packetLengths;
      assert.ok(lengths.buckets.filter((b) => b.packets > 0).length >= 3, "a capture of sizes");
      browser = await launchBrowser();
      const { page } = browser;
      await page.goto(server.url);
      await waitForState(page, "open");
      const panel = page.locator("#packet-sizes");
      await panel.scrollIntoViewIfNeeded();
      const rows = panel.locator('[data-testid="packet-sizes"] tbody tr');
      await rows.first().waitFor();
      assert.equal(await rows.count(), lengths.buckets.length);
      for (const [i, bucket] of lengths.buckets.entries()) {
        const row = rows.nth(i);
        assert.equal(await row.getAttribute("data-range"), bucket.range);
        const shown = await row.locator("td").first().getAttribute("data-value");
        assert.equal(Number(shown), bucket.packets, bucket.range);
      }
      const summary = await panel.locator('[data-testid="packet-sizes-summary"]').innerText();
      assert.ok(summary.includes(`smallest ${lengths.min} bytes`), summary);
      assert.ok(summary.includes(`largest ${lengths.max}`), summary);
      assert.ok(summary.includes(`mean ${lengths.mean!.toFixed(1)}`), summary);
      await Deno.mkdir(ARTIFACTS, { recursive: true });
      await panel.screenshot({ path: new URL("packet-sizes.png", ARTIFACTS).pathname });
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser?.close();
      await server.stop();
    }
  },
});
