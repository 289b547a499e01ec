/**
 * The world map in a real browser against the CLI serving a capture: it draws, names the
 * busiest country with /stats's numbers, shows them on hover over that country, and a click on
 * it scopes the conversations (filter `country CC`) and the top hosts to it.
 */
import assert from "node:assert/strict";
import { formatBytes } from "../format/units.ts";
import { type BrowserSession, launchBrowser } from "./support/browser.ts";
import { capturePath } from "./support/captures.ts";
import { CliServer } from "./support/dashboard_server.ts";
import {
  ARTIFACTS,
  browserTestOptions as options,
  CAPTURE,
  fetchStats,
  inkedPixels,
  UI_TIMEOUT_MS,
  waitForState,
  waitUntil,
} from "./support/dashboard_page.ts";

Deno.test({
  name: "world map shows the busiest country's numbers, on hover too, and a click scopes to it",
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
      const top = stats.places.mapCountries[0]!;
      assert.ok(stats.places.mapCountries.length >= 2, "a capture spanning countries");
      browser = await launchBrowser();
      const { page } = browser;
      await page.goto(server.url);
      await waitForState(page, "open");
      const panel = page.locator("#places");
      await panel.scrollIntoViewIfNeeded();
      const canvas = page.locator("#chart-world-map");
      await canvas.waitFor({ timeout: UI_TIMEOUT_MS });

      await t.step("the map draws and names the busiest country with /stats's bytes", async () => {
        await waitUntil(
          "the map to draw",
          async () => (await inkedPixels(page, "#chart-world-map")) > 1000,
        );
        const summary = await page.locator('[data-testid="map-summary"]').innerText();
        assert.ok(summary.includes(`most: ${top.name} ${formatBytes(top.bytes)}`), summary);
        assert.ok(summary.includes(formatBytes(top.bytesIn)), summary);
        assert.ok(summary.includes(formatBytes(top.bytesOut)), summary);
      });

      const busiestIn = [...stats.places.mapCountries].sort((a, b) =>
        b.packetsIn - a.packetsIn
      )[0]!;
      await t.step("the packets-in view names it with its packets in", async () => {
        await panel.getByRole("button", { name: "Packets", exact: true }).click();
        await panel.getByRole("button", { name: "In", exact: true }).click();
        const summary = page.locator('[data-testid="map-summary"]');
        await waitUntil(
          "the summary to follow",
          async () =>
            (await summary.innerText()).includes(
              `most: ${busiestIn.name} ${busiestIn.packetsIn} packets in`,
            ),
        );
      });

      let [x, y] = [NaN, NaN];
      await t.step("hovering the busiest country shows its numbers", async () => {
        const box = (await canvas.boundingBox())!;
        x = box.x + Number(await canvas.getAttribute("data-busiest-x"));
        y = box.y + Number(await canvas.getAttribute("data-busiest-y"));
        assert.ok(Number.isFinite(x) && Number.isFinite(y), "the busiest country is drawn");
        await page.mouse.move(x, y);
        const hover = page.locator('[data-testid="map-hover"]');
        await waitUntil(
          "the hover line",
          async () =>
            (await hover.innerText()).startsWith(
              `${busiestIn.name} (${busiestIn.key}): ${busiestIn.packetsIn} packets in`,
            ),
        );
        await Deno.mkdir(ARTIFACTS, { recursive: true });
        await panel.screenshot({ path: new URL("world-map.png", ARTIFACTS).pathname });
      });

      await t.step("clicking it scopes conversations and top hosts to it", async () => {
        await page.mouse.click(x, y);
        const filter = page.locator("#flow-filter");
        await waitUntil(
          "the conversations filter",
          async () => (await filter.inputValue()) === `country ${busiestIn.key}`,
        );
        const flows = await (await fetch(
          `${server.url}api/flows?limit=1000&filter=${
            encodeURIComponent(`country ${busiestIn.key}`)
          }`,
        )).json();
        assert.ok(flows.matched > 0, "the country has conversations");
        const rows = page.locator('[data-testid="conversations-table"] tbody tr');
        await waitUntil(
          "the scoped conversations",
          async () => (await rows.count()) === Math.min(20, flows.matched),
        );
        const hostsScope = page.locator("#hosts .scope");
        assert.equal(await hostsScope.innerText(), `country ${busiestIn.key}`);
        const scoped = await (await fetch(
          `${server.url}api/hosts?sort=tx-packets&limit=10&country=${busiestIn.key}`,
        )).json();
        const first = page.locator('[data-testid="top-sources"] li').first();
        await waitUntil(
          "the country's top source",
          async () => (await first.getAttribute("data-key")) === scoped.hosts[0].ip,
        );
        for (
          const key of await page.locator('[data-testid="top-sources"] li').evaluateAll((els) =>
            els.map((e) => e.getAttribute("data-key"))
          )
        ) {
          assert.equal(scoped.addresses[key!]?.country, busiestIn.key, key!);
        }
      });
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser?.close();
      await server.stop();
    }
  },
});
