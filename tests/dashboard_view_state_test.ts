/**
 * The view lives in the address bar and the timeline answers the keyboard, in a real browser
 * against the CLI serving a capture: a link with window, filters, sort, range and country opens
 * that view; changes are written back and survive a reload; a range is selected on the traffic
 * chart with keys alone (Tab to reach it, End, Shift+Left) and cleared with Escape.
 */
import assert from "node:assert/strict";
import { type BrowserSession, launchBrowser, type Page } from "./support/browser.ts";
import { capturePath } from "./support/captures.ts";
import { CliServer } from "./support/dashboard_server.ts";
import {
  ARTIFACTS,
  browserTestOptions as options,
  CAPTURE,
  fetchStats,
  UI_TIMEOUT_MS,
  waitForState,
  waitUntil,
} from "./support/dashboard_page.ts";

/** Tab presses that reach any control of the page: more than it has before the timeline. */
const MAX_TABS = 80;

async function search(page: Page): Promise<URLSearchParams> {
  return new URLSearchParams(await page.evaluate(() => location.search));
}

/** The range in the address once it has stayed the same for three reads 150 ms apart. */
async function settledRange(page: Page): Promise<string | null> {
  let last = (await search(page)).get("range");
  let same = 0;
  const deadline = performance.now() + UI_TIMEOUT_MS;
  while (same < 3) {
    if (performance.now() > deadline) throw new Error("the range in the address never settled");
    await new Promise((r) => setTimeout(r, 150));
    const now = (await search(page)).get("range");
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

Deno.test({
  name: "a link reopens window, filters, sort, range and country; keys alone select a range",
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
      const fromMs = Math.ceil(Number(stats.minTs) * 1000) + 1000;
      const toMs = fromMs + 20_000;
      browser = await launchBrowser();
      const { page } = browser;

      await t.step("a link opens the view it names", async () => {
        await page.goto(
          `${server.url}?window=15m&filter=udp&sort=packets&order=asc&packets=tcp&country=US` +
            `&range=${fromMs}-${toMs}`,
        );
        await waitForState(page, "open");
        const windows = page.getByRole("group", { name: "Time window" });
        assert.equal(
          await windows.getByRole("button", { name: "15 min" }).getAttribute("aria-pressed"),
          "true",
        );
        assert.equal(await page.locator("#flow-filter").inputValue(), "udp");
        assert.equal(await page.locator("#packet-filter").inputValue(), "tcp");
        await page.locator("#conversations").scrollIntoViewIfNeeded();
        const sorted = page.locator('[data-testid="conversations-table"] th[aria-sort]');
        await sorted.waitFor();
        assert.equal(await sorted.getAttribute("aria-sort"), "ascending");
        assert.match((await sorted.textContent()) ?? "", /Packets/);
        assert.equal(await page.locator("#hosts .scope").innerText(), "country US");
        await page.locator('[data-testid="range"]').waitFor();
        await page.locator("#conversations").scrollIntoViewIfNeeded();
        await waitUntil(
          "the conversations to show the range",
          async () =>
            /selected range/.test(await page.locator("#conversations .scope").innerText()),
        );
      });

      await t.step("changes are written to the address and survive a reload", async () => {
        await page.locator("#flow-filter").fill("port 443");
        await waitUntil(
          "the filter in the address",
          async () => (await search(page)).get("filter") === "port 443",
        );
        await page.getByRole("button", { name: "Clear selection" }).click();
        await waitUntil(
          "the range to leave the address",
          async () => !(await search(page)).has("range"),
        );
        await page.getByRole("group", { name: "Time window" })
          .getByRole("button", { name: "1 h" }).click();
        await waitUntil(
          "the window in the address",
          async () => (await search(page)).get("window") === "1h",
        );
        await page.reload();
        await waitForState(page, "open");
        assert.equal(await page.locator("#flow-filter").inputValue(), "port 443");
        assert.equal(
          await page.getByRole("group", { name: "Time window" })
            .getByRole("button", { name: "1 h" }).getAttribute("aria-pressed"),
          "true",
        );
        assert.equal(await page.locator('[data-testid="range"]').count(), 0);
      });

      await t.step("Tab reaches the traffic chart and Shift+arrows select a range", async () => {
        await page.goto(server.url);
        await waitForState(page, "open");
        let reached = false;
        for (let i = 0; i < MAX_TABS && !reached; i++) {
          await page.keyboard.press("Tab");
          reached = await page.evaluate(() =>
            document.activeElement?.getAttribute("data-testid") === "chart-traffic-keys"
          );
        }
        assert.ok(reached, "Tab reaches the traffic chart");
        await page.keyboard.press("End");
        for (let i = 0; i < 5; i++) await page.keyboard.press("Shift+ArrowLeft");
        await page.locator('[data-testid="range"]').waitFor();
        // The chip shows with the first step; the address follows each step in an effect.
        const range = await settledRange(page);
        assert.match(range ?? "", /^\d+-\d+$/);
        const [from, to] = range!.split("-").map(Number);
        assert.ok(from! < to!, range!);
        // Shift held again extends the same selection by one more of the five steps.
        await page.keyboard.press("Shift+ArrowLeft");
        await waitUntil(
          "the range to grow",
          async () => (await search(page)).get("range") !== range,
        );
        const [from2, to2] = (await settledRange(page))!.split("-").map(Number);
        assert.equal(to2, to);
        assert.ok(Math.abs((to2! - from2!) - 1.2 * (to! - from!)) <= 2, `${from2}-${to2}`);
        await page.locator("#conversations").scrollIntoViewIfNeeded();
        await waitUntil(
          "the conversations to show the range",
          async () =>
            /selected range/.test(await page.locator("#conversations .scope").innerText()),
        );
        await Deno.mkdir(ARTIFACTS, { recursive: true });
        await page.locator("#timeline").screenshot({
          path: new URL("timeline-keyboard-range.png", ARTIFACTS).pathname,
        });
        await page.keyboard.press("Escape");
        await waitUntil(
          "Escape to clear it",
          async () => (await page.locator('[data-testid="range"]').count()) === 0,
        );
        // The address is rewritten in an effect after the render that removed the chip.
        await waitUntil(
          "the range to leave the address",
          async () => !(await search(page)).has("range"),
        );
      });
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser?.close();
      await server.stop();
    }
  },
});
