/**
 * The dashboard in Chromium for two opt-in views: the interface switch of a capture on two
 * veth links (each interface's packets in the header, and both together), and the packet
 * detail's payload (hex, safe text and entropy) only when wirescope was started with
 * `--payload N`.
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { launchBrowser } from "./support/browser.ts";
import {
  browserTestOptions,
  screenshot,
  tileValue,
  UI_TIMEOUT_MS,
  waitUntil,
} from "./support/dashboard_page.ts";
import { liveUnavailableReason } from "./support/netns.ts";
import { LINKS_FILTER, TwoLinks } from "./support/two_links.ts";
import { freePort } from "./support/free_port.ts";
import { startServedCli } from "./support/served_cli.ts";

const unavailable = liveUnavailableReason();
if (unavailable) {
  if (Deno.env.get("CI")) throw new Error(`Live dashboard tests cannot run in CI: ${unavailable}`);
  console.log(`skipping live dashboard tests: ${unavailable}`);
}
const options = { ...browserTestOptions, ignore: browserTestOptions.ignore || !!unavailable };

const FIRST = 12;
const SECOND = 21;
const MARKER = "GET /wirescope-marker HTTP/1.1";

Deno.test({
  name: "dashboard: the interface switch shows each interface's packets, and all together",
  ...options,
  async fn() {
    const links = await TwoLinks.create();
    const [a, b] = links.interfaces;
    const served = await startServedCli([
      "-i",
      a,
      "-i",
      b,
      "--port",
      "0",
      "--no-db",
      "-p",
      LINKS_FILTER,
    ]);
    const browser = await launchBrowser();
    try {
      await links.sendOnFirst(FIRST);
      await links.sendOnSecond(SECOND);
      const { page } = browser;
      await page.goto(served.url);
      await waitUntil(
        "both links counted",
        async () => (await tileValue(page, "packets")) === FIRST + SECOND,
      );
      const select = page.locator('[data-testid="interface-switch"] select');
      assert.deepEqual(await select.locator("option").allInnerTexts(), [`All (${a} + ${b})`, a, b]);
      await select.selectOption(b);
      await waitUntil(
        "the second link alone",
        async () => (await tileValue(page, "packets")) === SECOND,
      );
      assert.match(await page.locator('[data-testid="source"]').innerText(), new RegExp(b));
      // The timeline follows the switch: its summary counts the second link's packets alone.
      const summary = page.locator('[data-testid="timeline-summary"]');
      await waitUntil(
        "the timeline of the second link",
        async () => new RegExp(`Shown: ${SECOND} packets`).test(await summary.innerText()),
      );
      await screenshot(page, "interfaces-switch.png");
      await select.selectOption(a);
      await waitUntil(
        "the first link alone",
        async () => (await tileValue(page, "packets")) === FIRST,
      );
      await select.selectOption("");
      await waitUntil(
        "both again",
        async () => (await tileValue(page, "packets")) === FIRST + SECOND,
      );
      await waitUntil(
        "the timeline of both links",
        async () => new RegExp(`Shown: ${FIRST + SECOND} packets`).test(await summary.innerText()),
      );
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
      await served.stop();
      await links.close();
    }
  },
});

async function sendMarkers(port: number, count: number): Promise<void> {
  const socket = dgram.createSocket("udp4");
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve, reject) =>
      socket.send(MARKER, port, "127.0.0.1", (e) => e ? reject(e) : resolve())
    );
  }
  socket.close();
}

/** The page on a loopback capture of marker datagrams, with the first packet's detail open. */
async function openPacketDetail(extra: string[], name: string) {
  const port = await freePort();
  const served = await startServedCli([
    "-i",
    "lo",
    "--port",
    "0",
    "--no-db",
    ...extra,
    `udp port ${port}`,
  ]);
  const browser = await launchBrowser();
  try {
    await sendMarkers(port, 3);
    const { page } = browser;
    await page.goto(served.url);
    await waitUntil("the markers counted", async () => (await tileValue(page, "packets")) === 3);
    const row = page.locator('[data-testid="packets-table"] tbody tr').first();
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    await row.click();
    const detail = page.locator('[data-testid="packet-detail"]');
    await detail.waitFor({ timeout: UI_TIMEOUT_MS });
    return { browser, served, page, detail, name };
  } catch (error) {
    await browser.close();
    await served.stop();
    throw error;
  }
}

Deno.test({
  name: "dashboard: with --payload N the packet detail shows hex, safe text and entropy",
  ...options,
  async fn() {
    const { browser, served, page, detail } = await openPacketDetail(["--payload", "16"], "on");
    try {
      const view = detail.locator('[data-testid="payload-view"]');
      await view.locator("table.hexdump").waitFor({ timeout: UI_TIMEOUT_MS });
      // The first 16 bytes, 8 a row (the detail is narrow): two rows, hex beside text.
      const first16 = MARKER.slice(0, 16);
      const hex = [...new TextEncoder().encode(first16)].map((x) =>
        x.toString(16).padStart(2, "0")
      );
      assert.deepEqual(await view.locator("td.hex").allInnerTexts(), [
        hex.slice(0, 8).join(" "),
        hex.slice(8).join(" "),
      ]);
      assert.deepEqual(await view.locator("td.text").allInnerTexts(), [
        first16.slice(0, 8),
        first16.slice(8),
      ]);
      const note = await view.locator('[data-testid="payload-entropy"]').innerText();
      assert.match(note, new RegExp(`First 16 of ${MARKER.length} bytes`));
      const counts = new Map<string, number>();
      for (const c of first16) counts.set(c, (counts.get(c) ?? 0) + 1);
      let h = 0;
      for (const n of counts.values()) h -= (n / 16) * Math.log2(n / 16);
      assert.match(note, new RegExp(`entropy ${h.toFixed(2)} bits/byte`));
      await screenshot(page, "payload-detail.png");
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
      await served.stop();
    }
  },
});

Deno.test({
  name: "dashboard: without --payload the packet detail shows no payload and the page no marker",
  ...options,
  async fn() {
    const { browser, served, page, detail } = await openPacketDetail([], "off");
    try {
      assert.match(await detail.innerText(), /UDP/);
      assert.equal(await detail.locator('[data-testid="payload-view"]').count(), 0);
      await page.waitForTimeout(1500);
      assert.ok(!(await page.content()).includes("wirescope-marker"));
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
      await served.stop();
    }
  },
});
