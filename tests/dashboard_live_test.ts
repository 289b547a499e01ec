/**
 * The dashboard in a real browser following a live capture in a network namespace of the test's
 * own: the empty state, numbers that move with traffic, pause and resume, and the final match
 * with /stats.
 */
import assert from "node:assert/strict";
import { launchBrowser } from "./support/browser.ts";
import { CliServer } from "./support/dashboard_server.ts";
import {
  browserTestOptions as options,
  browserUnavailable,
  fetchStats,
  screenshot,
  tileValue,
  UI_TIMEOUT_MS,
  waitForState,
  waitUntil,
} from "./support/dashboard_page.ts";
import { liveUnavailableReason, PEER_ADDRESS, TestNetwork } from "./support/netns.ts";

const liveUnavailable = browserUnavailable ?? liveUnavailableReason();
/** Packets the capture must count while the view is paused: 1.5 s of the pings below. */
const PAUSED_PACKETS = 30;

Deno.test({
  name: "dashboard numbers move while a live capture in a network namespace sees traffic",
  ...options,
  ignore: liveUnavailable !== undefined,
  async fn() {
    const net = await TestNetwork.create();
    const server = await CliServer.start(["-i", net.rootInterface, `host ${PEER_ADDRESS}`]);
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await page.goto(server.url);
      await waitForState(page, "open");
      await page.locator('[data-testid="banner"]').filter({ hasText: "No traffic on" }).waitFor({
        timeout: UI_TIMEOUT_MS,
      });
      const before = await tileValue(page, "packets");
      const ping = new Deno.Command("ping", {
        args: ["-n", "-q", "-c", "80", "-i", "0.1", "-W", "1", PEER_ADDRESS],
        stdout: "null",
      }).output();
      let moved = 0;
      let lastSeen = before;
      await waitUntil("the packet count to rise twice", async () => {
        const now = await tileValue(page, "packets");
        if (now > lastSeen) moved++;
        lastSeen = now;
        return moved >= 2;
      });
      assert.ok((await tileValue(page, "pps")) > 0 || lastSeen > before);

      // Paused, the view holds still while the capture goes on; resumed, it catches up.
      await page.locator('[data-testid="pause"]').click();
      const frozen = await tileValue(page, "packets");
      // Wait until the capture has clearly gone on (over a second of pings, so several SSE
      // updates reached the page); the paused view must not have moved meanwhile.
      await waitUntil(
        "the capture to go on while the view is paused",
        async () => (await fetchStats(server.url)).packets >= frozen + PAUSED_PACKETS,
      );
      assert.equal(await tileValue(page, "packets"), frozen);
      await page.locator('[data-testid="pause"]').click();
      await waitUntil(
        "the view to catch up",
        async () => (await tileValue(page, "packets")) > frozen,
      );
      await ping;
      // Once the traffic stops, the page settles on exactly what /stats says.
      await waitUntil("the page to match /stats", async () => {
        const stats = await fetchStats(server.url);
        return stats.packets > 0 && (await tileValue(page, "packets")) === stats.packets &&
          stats.protocols.icmp === Number(
              await page.locator('tr[data-protocol="icmp"] td').first().getAttribute("data-value"),
            );
      });
      await screenshot(page, "dashboard-live.png");
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
      await server.stop();
      await net.close();
    }
  },
});
