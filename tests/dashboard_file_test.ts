/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against the CLI
 * serving a capture file: the numbers on the page are /stats's, charts draw, filters, sorting,
 * range selection, names and places work, and the page reconnects after a server restart.
 */
import assert from "node:assert/strict";
import { GEO_ATTRIBUTION } from "../stats/enrich/embedded_geo.ts";
import { flagEmoji } from "../static/lib/flag_emoji.ts";
import { topNames } from "../static/lib/name_rows.ts";
import { type BrowserSession, launchBrowser } from "./support/browser.ts";
import { capturePath } from "./support/captures.ts";
import { CliServer } from "./support/dashboard_server.ts";
import {
  browserTestOptions as options,
  CAPTURE,
  fetchStats,
  inkedPixels,
  screenshot,
  type ServedStats,
  tileValue,
  UI_TIMEOUT_MS,
  waitForState,
  waitUntil,
} from "./support/dashboard_page.ts";

Deno.test({
  name:
    "dashboard shows a capture file's totals, top source and protocol counts as /stats has them",
  ...options,
  async fn(t) {
    let server = await CliServer.start(["-r", capturePath(CAPTURE)]);
    let browser: BrowserSession | undefined;
    try {
      await waitUntil(
        "the file to be read",
        async () => (await fetchStats(server.url)).capture.state === "ended",
      );
      const stats = await fetchStats(server.url);
      browser = await launchBrowser({ colorScheme: "light" });
      const { page } = browser;
      const response = await page.goto(server.url);
      assert.match(response!.headers()["content-security-policy"] ?? "", /script-src 'self'/);
      await waitForState(page, "open");

      await t.step("header strip totals equal /stats", async () => {
        assert.equal(await tileValue(page, "packets"), stats.packets);
        assert.equal(await tileValue(page, "bytes"), stats.bytes);
        assert.equal(await tileValue(page, "drops"), 0);
        assert.match(await page.locator('[data-testid="source"]').innerText(), /lan_mix_alexa/);
      });

      await t.step("top source and protocol counts equal /stats", async () => {
        const first = page.locator('[data-testid="top-sources"] li').first();
        assert.equal(await first.getAttribute("data-key"), stats.topSources[0]!.ip);
        assert.equal(
          Number(await first.locator(".bar-value").getAttribute("data-value")),
          stats.topSources[0]!.packets,
        );
        const expected: Record<string, number> = {
          tcp: stats.outerL4.tcp,
          udp: stats.outerL4.udp,
          icmp: stats.outerL4.icmp,
          icmpv6: stats.outerL4.icmpv6,
          "other-ip": stats.outerL4.other,
          arp: stats.outerL3.arp,
          "non-ip": stats.outerL3.other,
        };
        for (const [key, packets] of Object.entries(expected)) {
          if (packets === 0) continue;
          const cell = page.locator(`tr[data-protocol="${key}"] td`).first();
          assert.equal(Number(await cell.getAttribute("data-value")), packets, key);
        }
      });

      await t.step("the names and places panels show the top name, SNI and country", async () => {
        await page.locator("#names").scrollIntoViewIfNeeded();
        const firstKey = async (testId: string) =>
          await page.locator(`[data-testid="${testId}"] li`).first().getAttribute("data-key");
        assert.equal(await firstKey("dns-names"), topNames(stats.dns.queries, 1)[0]!.name);
        assert.equal(await firstKey("sni-names"), topNames(stats.tls.sni, 1)[0]!.name);
        assert.equal(await firstKey("http-hosts"), topNames(stats.http.hosts, 1)[0]!.name);
        await page.locator("#places").scrollIntoViewIfNeeded();
        const country = stats.places.countries[0]!;
        const row = page.locator('[data-testid="countries"] tbody tr').first();
        assert.equal(await row.getAttribute("data-key"), country.key);
        assert.equal(await row.locator(".flag").innerText(), flagEmoji(country.key));
        assert.match(await row.innerText(), new RegExp(country.name));
        assert.equal(
          await page.locator('[data-testid="networks"] li').first().getAttribute("data-key"),
          stats.places.asns[0]!.key,
        );
      });

      await t.step("names, flags and local tags appear beside IPs in top hosts", async () => {
        await page.locator("#hosts").scrollIntoViewIfNeeded();
        let named = 0;
        for (const { ip } of stats.topSources) {
          const info = stats.addresses[ip]!;
          const note = page.locator(`[data-testid="top-sources"] li[data-key="${ip}"] .addr-note`);
          if (info.name) {
            assert.equal(await note.locator(".addr-name").innerText(), info.name, ip);
            named++;
          }
          if (info.local) assert.equal(await note.locator(".addr-tag").innerText(), "local", ip);
          else if (info.country) {
            assert.equal(await note.locator(".flag").innerText(), flagEmoji(info.country), ip);
          }
        }
        assert.ok(named > 0, "no top source has a name in /stats");
      });

      await t.step("conversations show names beside their addresses", async () => {
        const flows = await (await fetch(`${server.url}api/flows?sort=bytes&limit=20`)).json();
        const names = Object.values(flows.addresses as ServedStats["addresses"])
          .map((a) => a.name).filter((n) => n !== null);
        assert.ok(names.length > 0, "no flow address has a name");
        await page.locator("#conversations").scrollIntoViewIfNeeded();
        const shown = await page.locator('[data-testid="conversations-table"] .addr-name')
          .allInnerTexts();
        assert.ok(shown.length > 0 && shown.every((n) => names.includes(n)), shown.join(", "));
      });

      await t.step(
        "the footer credits DB-IP with a link, as the CC BY 4.0 licence asks",
        async () => {
          const footer = page.locator('[data-testid="attribution"]');
          assert.equal((await footer.innerText()).trim(), GEO_ATTRIBUTION);
          assert.equal(await footer.locator('a[href="https://db-ip.com"]').count(), 1);
        },
      );

      await t.step("charts have drawn and the tables are filled", async () => {
        for (const chart of ["#chart-traffic", "#chart-protocols"]) {
          assert.ok((await inkedPixels(page, chart)) > 0, `${chart} drew nothing`);
        }
        assert.ok((await page.locator('[data-testid="conversations-table"] tbody tr').count()) > 0);
        assert.equal(await page.locator('[data-testid="packets-table"] tbody tr').count(), 50);
      });

      await t.step("the packet filter asks the server and the detail shows layers", async () => {
        await page.fill("#packet-filter", "udp port 53");
        await waitUntil("DNS packets only", async () => {
          const protocols = await page.locator(
            '[data-testid="packets-table"] tbody tr td:nth-child(5)',
          )
            .allInnerTexts();
          return protocols.length > 0 && protocols.every((p) => p === "DNS" || p === "UDP");
        });
        await page.locator('[data-testid="packets-table"] tbody tr').first().click();
        const detail = await page.locator('[data-testid="packet-detail"]').innerText();
        assert.match(detail, /Frame/);
        assert.match(detail, /Destination port|Source port/);
        // The device asking is a top source, so the latest stats know it: a local address.
        assert.ok(
          (await page.locator('[data-testid="packet-detail"] .addr-note').count()) > 0,
          "no address in the packet detail is described",
        );
        await page.fill("#packet-filter", "");
      });

      await t.step(
        "sorting conversations by packets shows the server's busiest first",
        async () => {
          const top = await (await fetch(`${server.url}api/flows?sort=packets&limit=1`)).json();
          await page.locator("#conversations th button", { hasText: "Packets" }).click();
          const want = top.flows[0].packets.toLocaleString("en-US");
          await waitUntil(
            "the sorted page",
            async () =>
              (await page.locator('[data-testid="conversations-table"] tbody tr td:nth-child(4)')
                .first().innerText()) === want,
          );
        },
      );

      await t.step("dragging across the timeline scopes conversations and packets", async () => {
        // hover() waits until the chart is stable and is what the pointer would hit; raw
        // coordinates taken once can land elsewhere if the layout moves after they were read.
        const chart = page.locator("#chart-traffic");
        const box = (await chart.boundingBox())!;
        const y = box.height / 2;
        await chart.hover({ position: { x: box.width * 0.55, y } });
        await page.mouse.down();
        await chart.hover({ position: { x: box.width * 0.65, y } });
        await chart.hover({ position: { x: box.width * 0.75, y } });
        await page.mouse.up();
        await page.locator('[data-testid="range"]').waitFor({ timeout: UI_TIMEOUT_MS });
        // Panels out of view catch up when they scroll in (components/when_visible.tsx).
        for (const panel of ["#conversations", "#packets"]) {
          await page.locator(panel).scrollIntoViewIfNeeded();
          await page.locator(`${panel} .scope`, { hasText: "selected range" }).waitFor({
            timeout: UI_TIMEOUT_MS,
          });
        }
        await page.locator("#timeline").scrollIntoViewIfNeeded();
        await page.locator('[data-testid="range"] button').click();
        await page.locator('[data-testid="range"]').waitFor({ state: "detached" });
      });

      await t.step("the 1 h and 24 h windows load their history", async () => {
        for (const label of ["1 h", "24 h", "5 min"]) {
          await page.locator('#timeline [aria-label="Time window"]')
            .getByRole("button", { name: label, exact: true }).click();
          await page.locator("#chart-traffic").waitFor({ timeout: UI_TIMEOUT_MS });
          assert.ok((await inkedPixels(page, "#chart-traffic")) > 0, label);
        }
      });

      await t.step("screenshots: light, dark and phone", async () => {
        await screenshot(page, "dashboard-light.png");
        await page.emulateMedia({ colorScheme: "dark" });
        await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
        await page.waitForTimeout(100);
        await screenshot(page, "dashboard-dark.png");
        await page.emulateMedia({ colorScheme: "light" });
        await page.setViewportSize({ width: 390, height: 844 });
        await screenshot(page, "dashboard-phone.png");
        await page.setViewportSize({ width: 1440, height: 900 });
      });

      await t.step("the page reconnects after the server restarts", async () => {
        const port = server.port;
        await server.stop();
        await waitForState(page, "retrying");
        server = await CliServer.start(["-r", capturePath(CAPTURE)], port);
        await waitForState(page, "open");
        await waitUntil(
          "the totals again",
          async () => (await tileValue(page, "packets")) === stats.packets,
        );
      });

      assert.deepEqual(
        browser.errors.filter((e) => !/ERR_CONNECTION_REFUSED|\/events/.test(e)),
        [],
      );
    } finally {
      await browser?.close();
      await server.stop();
    }
  },
});
