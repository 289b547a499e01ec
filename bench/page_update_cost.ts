/**
 * What one live dashboard update costs the browser's main thread with 10,000 flows on the
 * server (target: well under a 16 ms frame). A server holding the flows takes 500 packets a
 * second; Chromium (playwright-core) renders the page; static/lib/update_timer.ts records the
 * time from each SSE event to the end of its render. Prints the figures; asserts nothing (speed
 * is measured here, not in the test suite).
 *
 * Usage: deno run -A bench/page_update_cost.ts [--flows 10000] [--updates 15]
 */
import { parseArgs } from "node:util";
import { browserUnavailableReason, launchBrowser } from "../tests/support/browser.ts";
import { startSyntheticServer } from "../tests/support/dashboard_server.ts";
import { fetchStats, type TimedPage, waitForState } from "../tests/support/dashboard_page.ts";

/** A frame at 60 Hz, the budget an update should stay well under. */
const FRAME_MS = 16;

const { values } = parseArgs({
  args: Deno.args,
  options: {
    flows: { type: "string", default: "10000" },
    updates: { type: "string", default: "15" },
  },
});
const flows = Number(values.flows);
const sampled = Number(values.updates);
const unavailable = browserUnavailableReason();
if (unavailable) {
  console.log(`Skipping the page update cost: ${unavailable}`);
  Deno.exit(0);
}

const server = startSyntheticServer(flows, 500);
const browser = await launchBrowser();
try {
  const { page } = browser;
  await page.goto(server.url);
  await waitForState(page, "open");
  await page.waitForFunction(
    (n) => ((globalThis as TimedPage).__wirescopeUpdates?.length ?? 0) >= n,
    sampled + 1,
    { timeout: (sampled + 10) * 1000 },
  );
  // The first sample is the initial snapshot (mounting every panel), reported apart.
  const [first, ...updates] = await page.evaluate(() =>
    ((globalThis as TimedPage).__wirescopeUpdates ?? []).slice()
  );
  const sorted = updates.sort((a: number, b: number) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const stats = await fetchStats(server.url);
  console.log(
    `One dashboard update with ${stats.flows.active} flows on the server, ${sorted.length} ` +
      `updates: median ${pick(0.5).toFixed(1)} ms, p95 ${pick(0.95).toFixed(1)} ms, max ` +
      `${sorted.at(-1)!.toFixed(1)} ms (frame: ${FRAME_MS} ms); first render ${
        first!.toFixed(0)
      } ms` +
      (browser.errors.length ? `; console errors: ${browser.errors.join(" | ")}` : ""),
  );
} finally {
  await browser.close();
  await server.close();
}
