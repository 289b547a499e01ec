/**
 * The alerts panel in a real browser against the CLI serving nmap_syn_scan.pcap with a history
 * database: the detector's port-scan alert is listed, counted in the header strip and marked on
 * the timeline; clicking its subject scopes the conversations; alerts raised elsewhere arrive
 * live over SSE; the page raises, acknowledges, mutes and exports alerts through the API.
 */
import assert from "node:assert/strict";
import type { Alert } from "../alerts/alert.ts";
import { type BrowserSession, launchBrowser } from "./support/browser.ts";
import { capturePath } from "./support/captures.ts";
import { CliServer } from "./support/dashboard_server.ts";
import {
  browserTestOptions as options,
  fetchStats,
  screenshot,
  tileValue,
  UI_TIMEOUT_MS,
  waitForState,
  waitUntil,
} from "./support/dashboard_page.ts";

const SCANNER = "172.16.0.8";

async function alerts(base: string, query = ""): Promise<Alert[]> {
  return (await (await fetch(`${base}api/alerts${query}`)).json()).alerts;
}

Deno.test({
  name: "dashboard alerts panel: live list, header counts, timeline markers, scope, actions",
  ...options,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "wirescope-alerts-page-" });
    const server = await CliServer.start([
      "-r",
      capturePath("nmap_syn_scan.pcap"),
      "--db",
      `${dir}/h.db`,
    ]);
    let browser: BrowserSession | undefined;
    try {
      await waitUntil(
        "the file to be read",
        async () => (await fetchStats(server.url)).capture.state === "ended",
      );
      const scan = (await alerts(server.url)).find((a) => a.rule === "port_scan.vertical");
      assert.ok(scan, "the detector raised a port-scan alert");
      assert.equal(scan.subject.key, SCANNER);

      browser = await launchBrowser({
        colorScheme: "light",
        viewport: { width: 1280, height: 900 },
      });
      const { page } = browser;
      await page.goto(server.url);
      await waitForState(page, "open");
      const row = (id: number) => page.locator(`#alerts li[data-alert-id="${id}"]`);

      await t.step(
        "the detector's alert is listed, counted and marked on the timeline",
        async () => {
          await row(scan.id).waitFor({ timeout: UI_TIMEOUT_MS });
          assert.equal(await row(scan.id).getAttribute("data-severity"), "warning");
          assert.match(await row(scan.id).innerText(), /port_scan\.vertical[\s\S]*172\.16\.0\.8/);
          await waitUntil("the alert tile", async () => (await tileValue(page, "alerts")) === 1);
          const marker = page.locator(
            `[data-testid="alert-markers"] .marker[data-alert-id="${scan.id}"]`,
          );
          await marker.waitFor({ state: "attached", timeout: UI_TIMEOUT_MS });
          assert.match(
            (await marker.getAttribute("title"))!,
            /port_scan\.vertical on 172\.16\.0\.8/,
          );
          // The marker sits inside the chart, where the scan's time is on the x axis.
          const box = (await marker.boundingBox())!;
          const chart = (await page.locator("#chart-traffic").boundingBox())!;
          assert.ok(
            box.x >= chart.x && box.x <= chart.x + chart.width,
            JSON.stringify({ box, chart }),
          );
        },
      );

      await t.step("clicking the subject scopes the conversations to the scanner", async () => {
        await row(scan.id).locator(".alert-subject").click();
        const filter = page.locator("#flow-filter");
        await waitUntil(
          "the filter",
          async () => (await filter.inputValue()) === `host ${SCANNER}`,
        );
        const rows = page.locator("#conversations tbody tr");
        await waitUntil("scoped rows", async () => {
          const texts = await rows.allInnerTexts();
          return texts.length > 0 && texts.every((r) => r.includes(SCANNER));
        });
      });

      let posted: Alert;
      await t.step("an alert raised through the API arrives live over SSE", async () => {
        const response = await fetch(`${server.url}api/alerts`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            severity: "critical",
            subject: "10.66.0.1",
            message: "raised elsewhere",
          }),
        });
        assert.equal(response.status, 201);
        posted = (await response.json()).alert;
        await row(posted.id).waitFor({ timeout: UI_TIMEOUT_MS });
        await waitUntil(
          "the alert tile to count 2",
          async () => (await tileValue(page, "alerts")) === 2,
        );
        assert.match(await page.locator('[data-testid="alerts"]').innerText(), /1 · 1 · 0/);
      });

      await t.step("raise, acknowledge and mute from the page", async () => {
        await page.getByRole("button", { name: "New alert" }).click();
        await page.getByLabel("Subject").fill("10.77.0.2");
        await page.getByLabel("Message").fill("made on the page");
        await page.getByRole("button", { name: "Raise" }).click();
        await waitUntil(
          "the page's alert",
          async () =>
            (await alerts(server.url)).some((a) =>
              a.message === "made on the page" && a.origin === "manual"
            ),
        );
        await page.locator("#alerts li", { hasText: "made on the page" }).waitFor({
          timeout: UI_TIMEOUT_MS,
        });

        await row(scan.id).getByRole("button", { name: "Acknowledge" }).click();
        await waitUntil(
          "the acknowledgement",
          async () =>
            (await alerts(server.url, "?acknowledged=true")).some((a) => a.id === scan.id),
        );
        await row(scan.id).waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });

        await row(posted.id).locator("select.mute").selectOption("rule_subject:60");
        await waitUntil("the mute", async () => {
          const summary = await (await fetch(`${server.url}api/alerts/summary`)).json();
          return summary.mutes.length === 1 && summary.mutes[0].subject === "10.66.0.1";
        });
        await page.locator('[data-testid="mute-count"]').waitFor({ timeout: UI_TIMEOUT_MS });
      });

      await t.step("Export CSV downloads the filtered history as RFC 4180", async () => {
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.getByRole("link", { name: "Export CSV" }).click(),
        ]);
        const text = await Deno.readTextFile((await download.path())!);
        const lines = text.split("\r\n");
        assert.match(lines[0]!, /^id,rule,severity,origin,subject_kind,subject,/);
        assert.ok(lines.some((l) => l.includes("made on the page")));
        assert.ok(
          !lines.some((l) => l.startsWith(`${scan.id},`)),
          "acknowledged ones left out, as shown",
        );
      });

      await screenshot(page, "dashboard-alerts.png");
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser?.close();
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
