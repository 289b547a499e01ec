/**
 * The dashboard's export links in a real browser (Chromium): clicking CSV or NDJSON beside the
 * conversations, packets and top hosts tables downloads what the table shows, filter included,
 * as the API's streamed CSV (RFC 4180, header row) and NDJSON.
 */
import assert from "node:assert/strict";
import { type BrowserSession, launchBrowser, type Page } from "./support/browser.ts";
import { capturePath } from "./support/captures.ts";
import { CliServer } from "./support/dashboard_server.ts";
import {
  browserTestOptions as options,
  CAPTURE,
  fetchStats,
  UI_TIMEOUT_MS,
  waitForState,
  waitUntil,
} from "./support/dashboard_page.ts";

/** Click the link and return the downloaded file's name and text. */
async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const link = page.locator(`[data-testid="${testId}"]`);
  await link.scrollIntoViewIfNeeded();
  const [file] = await Promise.all([
    page.waitForEvent("download", { timeout: UI_TIMEOUT_MS }),
    link.click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await Deno.readTextFile(path!) };
}

/** CSV records (no quoted field in these tables' first columns is needed by the checks). */
function csvLines(text: string): string[] {
  assert.ok(text.endsWith("\r\n"), "CSV records end in CRLF");
  return text.slice(0, -2).split("\r\n");
}

Deno.test({
  name: "dashboard export links download each table as CSV and NDJSON",
  ...options,
  async fn() {
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

      const flows = await download(page, "flows-export-csv");
      assert.equal(flows.name, "wirescope-flows.csv");
      const flowLines = csvLines(flows.text);
      assert.match(flowLines[0]!, /^protocol,ipProto,family,aIp,aPort,/);
      assert.equal(flowLines.length - 1, Math.min(stats.flows.active, 1000), "every flow");

      const packets = await download(page, "packets-export-ndjson");
      assert.equal(packets.name, "wirescope-packets.ndjson");
      const packetRows = packets.text.trimEnd().split("\n").map((l) => JSON.parse(l));
      assert.equal(packetRows.length, stats.recentPackets.stored, "the whole packet ring");

      const hosts = await download(page, "hosts-export-csv");
      assert.equal(hosts.name, "wirescope-hosts.csv");
      const hostLines = csvLines(hosts.text);
      assert.match(hostLines[0]!, /^ip,name,country,asn,/);
      assert.equal(hostLines[1]!.split(",")[0], stats.topSources[0]?.ip, "busiest first");

      // The filter box narrows the export as it narrows the table.
      await page.locator("#conversations").scrollIntoViewIfNeeded();
      await page.fill("#flow-filter", "udp");
      await waitUntil(
        "the filtered table",
        async () =>
          (await page.locator('[data-testid="flows-export-csv"]').getAttribute("href"))
            ?.includes("filter=udp") ?? false,
      );
      const udp = csvLines((await download(page, "flows-export-csv")).text);
      assert.ok(udp.length > 1, "the capture has UDP conversations");
      assert.ok(udp.slice(1).every((line) => line.startsWith("udp,")), "only UDP rows");
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser?.close();
      await server.stop();
    }
  },
});
