/**
 * The dashboard as a first-time user meets it, in Chromium: a file reads as a finished record
 * (its own words, every conversation, whole-capture timeline with dates and round ticks), the
 * filters search everything and say what they cannot read, the packet list pages through the
 * ring, and a phone gets key columns, a scroll cue, short placeholders and a packet sheet.
 * Screenshots of each file and a live loopback capture land in tests/artifacts/.
 */
import assert from "node:assert/strict";
import { type BrowserSession, launchBrowser, type Page } from "./support/browser.ts";
import { capturePath } from "./support/captures.ts";
import { CliServer } from "./support/dashboard_server.ts";
import { freePort } from "./support/free_port.ts";
import {
  browserTestOptions as options,
  fetchStats,
  screenshot,
  type ServedStats,
  UI_TIMEOUT_MS,
  waitForState,
  waitUntil,
} from "./support/dashboard_page.ts";

const SNI_FILE = "tls_sni_many_sites.pcapng";
const DNS_FILE = "dns_udp_tcp_fragmented_v4v6.pcap";
const HTTP_FILE = "http11_wikipedia_lan_mix.pcap";
const PHONE = { width: 390, height: 844 };
/** The header strip's figures (the file name may be cut: its tile's title holds it whole). */
const NUMBER_TILES = '.strip .tile:not([data-testid="source"]) .tile-value';
const DESKTOP = { width: 1440, height: 900 };

async function openFile(name: string, browser: BrowserSession) {
  const server = await CliServer.start(["-r", capturePath(name)]);
  await waitUntil(
    "the file to be read",
    async () => (await fetchStats(server.url)).capture.state === "ended",
  );
  const stats = await fetchStats(server.url);
  await browser.page.goto(server.url);
  await waitForState(browser.page, "open");
  return { server, stats };
}

const text = async (page: Page, selector: string) =>
  // textContent: a panel outside the viewport is not painted (content-visibility), and
  // innerText of unpainted content is empty.
  ((await page.locator(selector).first().textContent()) ?? "").replace(/\s+/g, " ").trim();

/** The pager's "1–20 of 64" under a panel. */
async function pagerText(page: Page, panel: string): Promise<string> {
  await page.locator(panel).scrollIntoViewIfNeeded();
  return await text(page, `${panel} [data-testid="pager-text"]`);
}

async function waitForPager(page: Page, panel: string, pattern: RegExp): Promise<void> {
  await waitUntil(
    `${panel} pager ${pattern}`,
    async () => pattern.test(await pagerText(page, panel)),
  );
}

/**
 * Whether the x axis labels are round: dates a whole number of days apart, or clock times
 * whose steps are one of the round steps and whose first tick is a multiple of it.
 */
function roundLabels(labels: string[]): boolean {
  if (labels.length < 2) return false;
  if (labels.every((l) => /^\d{4}-\d{2}-\d{2}$/.test(l))) return true;
  const seconds = labels.map((l) => {
    const m = /(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(l);
    return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0) : NaN;
  });
  const step = seconds[1]! - seconds[0]!;
  const ROUND = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600];
  return ROUND.includes(step) && seconds[0]! % step === 0 &&
    seconds.every((s, i) => i === 0 || (s - seconds[i - 1]! + 86_400) % 86_400 === step);
}

async function axisLabels(page: Page): Promise<string[]> {
  await page.locator("#timeline").scrollIntoViewIfNeeded();
  const ticks = await page.locator("#chart-traffic").getAttribute("data-ticks");
  return (ticks ?? "").split("|").filter((t) => t !== "");
}

Deno.test({
  name: "a file reads as a finished record: its own words, every flow, dates and round ticks",
  ...options,
  async fn(t) {
    const browser = await launchBrowser({ viewport: DESKTOP });
    const { page } = browser;
    try {
      await t.step(`${SNI_FILE}: finished-file words, no Pause, every conversation`, async () => {
        const { server, stats } = await openFile(SNI_FILE, browser);
        try {
          assert.equal(
            (await page.locator('[data-testid="connection"]').innerText()).replace(/\s+/g, " "),
            `Read ${stats.packets} packets from ${SNI_FILE}`,
          );
          assert.equal(await page.locator('[data-testid="pause"]').count(), 0);
          const flows = stats.flows.active;
          assert.equal(flows, 64);
          await page.locator("#conversations").scrollIntoViewIfNeeded();
          assert.equal(await text(page, "#conversations .scope"), `${flows} flows`);
          await waitForPager(page, "#conversations", new RegExp(`^1–20 of ${flows}$`));
          const headers = await page.locator('[data-testid="conversations-table"] th')
            .allInnerTexts();
          assert.ok(headers.includes("Average"), headers.join(","));
          assert.ok(!headers.some((h) => /^2 s/.test(h)), headers.join(","));
          assert.match(await text(page, '[data-testid="pps"] .tile-label'), /average/);
          // A four-year file: years and days that fit the tile, both dates under it.
          const tile = page.locator('[data-testid="duration"] .tile-value');
          assert.match(await tile.innerText(), /^\d+y \d+d$/);
          // No number of the header strip is cut off.
          for (const value of await page.locator(NUMBER_TILES).all()) {
            assert.ok(
              await value.evaluate((el) => el.scrollWidth <= el.clientWidth),
              `cut off: ${await value.innerText()}`,
            );
          }
          const dates = (await text(page, '[data-testid="duration"] .tile-detail'))
            .match(/\d{4}-\d{2}-\d{2}/g) ?? [];
          assert.equal(dates.length, 2, "start and end dates");
          assert.notEqual(dates[0], dates[1]);
          // The whole capture is the default window; the chart says what it could not hold.
          const whole = page.locator('#timeline [aria-label="Time window"] button', {
            hasText: "Whole capture",
          });
          assert.equal(await whole.getAttribute("aria-pressed"), "true");
          await page.locator('[data-testid="window-clipped"]').waitFor({ timeout: UI_TIMEOUT_MS });
          await waitUntil("round axis labels", async () => roundLabels(await axisLabels(page)));
          await screenshot(page, "first-use-sni-desktop.png");
        } finally {
          await server.stop();
        }
      });

      await t.step(`${DNS_FILE}: 22 days whole, packet dates, search and paging`, async () => {
        const { server, stats } = await openFile(DNS_FILE, browser);
        try {
          await waitUntil("day ticks", async () => {
            const labels = await axisLabels(page);
            return labels.length >= 2 && labels.every((l) => /^\d{4}-\d{2}-\d{2}$/.test(l));
          });
          const window = await (await fetch(`${server.url}api/series?window=7d`)).json();
          assert.equal(window.resolutionMs, 60_000, "a 7 day window exists for files");
          // Packets: the whole ring, paged, with dates since the capture spans days.
          await waitForPager(page, "#packets", new RegExp(`^1–50 of ${stats.packets}$`));
          const firstTime = await text(page, '[data-testid="packets-table"] tbody td.time');
          assert.match(firstTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
          await page.locator("#packets .pager button", { hasText: "Next" }).click();
          await waitForPager(page, "#packets", new RegExp(`^51–${stats.packets} of `));
          await page.locator("#packets .pager button", { hasText: "Previous" }).click();
          // Free text searches the whole flow table on the server.
          await page.fill("#flow-filter", "dns");
          await waitForPager(page, "#conversations", /^1–20 of 21$/);
          await page.fill("#flow-filter", "port 53 or port 443");
          await waitForPager(page, "#conversations", /^1–20 of 21$/);
          await page.fill("#flow-filter", "not port 53");
          await waitForPager(page, "#conversations", /^1–7 of 7$/);
          await page.fill("#flow-filter", "port 53 or");
          const error = page.locator('[data-testid="flow-filter-error"]');
          await error.waitFor({ timeout: UI_TIMEOUT_MS });
          assert.match(await error.innerText(), /"or" needs a condition after it/);
          assert.equal(await page.locator("#conversations .empty").count(), 0);
          await page.fill("#flow-filter", "");
          // A flow of two packets a millisecond apart has no meaningful average.
          await waitForPager(page, "#conversations", /^1–20 of 28$/);
          const cells = await page.locator('[data-testid="conversations-table"] tbody tr')
            .evaluateAll((rows) =>
              rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent!.trim()))
            );
          const heads = await page.locator('[data-testid="conversations-table"] th')
            .allTextContents();
          const average = heads.findIndex((h) => h.startsWith("Average"));
          const duration = heads.findIndex((h) => h.startsWith("Duration"));
          for (const row of cells) {
            const short = /^\d+(\.\d+)?s$/.test(row[duration]!) && parseFloat(row[duration]!) < 1;
            if (short) assert.equal(row[average], "—", row.join(" | "));
          }
          assert.ok(cells.some((row) => row[average] === "—"));
          // DNS rows say what the message asked and got, as tshark's Info column does.
          await page.locator("#packets").scrollIntoViewIfNeeded();
          await page.fill("#packet-filter", "sigfail");
          await waitForPager(page, "#packets", /^1–2 of 2$/);
          assert.deepEqual(
            await page.locator('[data-testid="packets-table"] tbody td.info').allTextContents(),
            [
              "Standard query response 0xfac7 Server failure A sigfail.verteiltesysteme.net",
              "Standard query 0xfac7 A sigfail.verteiltesysteme.net",
            ],
          );
          // The detail shows the date and an unbroken epoch time, and goes when filtered out.
          await page.locator("#packets").scrollIntoViewIfNeeded();
          await page.fill("#packet-filter", "udp");
          await waitForPager(page, "#packets", /^1–\d+ of \d+$/);
          await page.locator('[data-testid="packets-table"] tbody tr').first().click();
          const detail = page.locator('[data-testid="packet-detail"]');
          await detail.waitFor({ timeout: UI_TIMEOUT_MS });
          const epoch = detail.locator("dl div", { hasText: "Epoch time" }).locator("dd");
          const box = (await epoch.boundingBox())!;
          const lineHeight = await epoch.evaluate((el) =>
            parseFloat(getComputedStyle(el).lineHeight) || 16
          );
          assert.ok(box.height < lineHeight * 1.5, `epoch time wraps: ${box.height}px`);
          await page.fill("#packet-filter", "tcp");
          await detail.waitFor({ state: "detached", timeout: UI_TIMEOUT_MS });
          await page.fill("#packet-filter", "port 53 or");
          await page.locator('[data-testid="packet-filter-error"]').waitFor({
            timeout: UI_TIMEOUT_MS,
          });
          await page.fill("#packet-filter", "");
          await screenshot(page, "first-use-dns-desktop.png");
        } finally {
          await server.stop();
        }
      });

      await t.step(`${HTTP_FILE}: round ticks, bars as long as their numbers`, async () => {
        const { server, stats } = await openFile(HTTP_FILE, browser);
        try {
          await waitUntil("round axis labels", async () => roundLabels(await axisLabels(page)))
            .catch(async (e) => {
              throw new Error(`${e.message}: ${(await axisLabels(page)).join(", ")}`);
            });
          await page.locator("#hosts").scrollIntoViewIfNeeded();
          for (const list of ["top-sources", "top-destinations"]) {
            const rows = await page.locator(`[data-testid="${list}"] li`).all();
            assert.ok(rows.length >= 2);
            const measure = async (i: number) => {
              const value = Number(
                await rows[i]!.locator(".bar-value").getAttribute("data-value"),
              );
              const bars = await rows[i]!.locator(".bar").all();
              assert.equal(bars.length, 1, "one bar per row");
              return { value, width: (await bars[0]!.boundingBox())!.width };
            };
            const top = await measure(0);
            for (let i = 1; i < rows.length; i++) {
              const row = await measure(i);
              const expected = (top.width * row.value) / top.value;
              assert.ok(Math.abs(row.width - expected) <= 1.5, `${list} row ${i}`);
            }
          }
          assert.ok(stats.packets > 0);
          await screenshot(page, "first-use-http-desktop.png");
        } finally {
          await server.stop();
        }
      });

      await t.step(
        "phone: key columns with a scroll cue, short placeholders, a sheet",
        async () => {
          await page.setViewportSize(PHONE);
          const { server } = await openFile(HTTP_FILE, browser);
          try {
            for (const value of await page.locator(NUMBER_TILES).all()) {
              assert.ok(
                await value.evaluate((el) => el.scrollWidth <= el.clientWidth),
                `cut off on a phone: ${await value.innerText()}`,
              );
            }
            // The timeline's window choice stays inside its panel.
            const panel = (await page.locator("#timeline").boundingBox())!;
            for (const button of await page.locator("#timeline .segmented button").all()) {
              const b = (await button.boundingBox())!;
              assert.ok(b.x + b.width <= panel.x + panel.width + 0.5, await button.innerText());
            }
            await page.locator("#conversations").scrollIntoViewIfNeeded();
            const table = page.locator('[data-testid="conversations-table"]');
            await table.waitFor({ timeout: UI_TIMEOUT_MS });
            const headers = async () =>
              (await table.locator("thead th").evaluateAll((ths) =>
                ths.filter((th) => getComputedStyle(th).display !== "none").map((th) =>
                  (th as HTMLElement).innerText.trim()
                )
              )).join(",");
            // A panel scrolled into view is laid out on the next frames (content-visibility):
            // its text reads empty until then.
            const keyColumns = /^Protocol,Endpoint A,Endpoint B,Bytes/;
            await waitUntil(
              "the table's headers laid out",
              async () => keyColumns.test(await headers()),
            ).catch(() => {});
            assert.match(await headers(), keyColumns);
            const wrap = page.locator("#conversations .table-wrap");
            const fits = await wrap.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
            const cue = await wrap.evaluate((el) => getComputedStyle(el).backgroundImage);
            assert.ok(fits || /gradient/.test(cue), "a table wider than the phone has no cue");
            assert.match(cue, /radial-gradient/);
            for (const id of ["#flow-filter", "#packet-filter"]) {
              await page.locator(id).scrollIntoViewIfNeeded();
              const cut = await page.locator(id).evaluate((el) => {
                const input = el as HTMLInputElement;
                const style = getComputedStyle(input);
                const context = document.createElement("canvas").getContext("2d")!;
                context.font = `${style.fontSize} ${style.fontFamily}`;
                const room = input.clientWidth - parseFloat(style.paddingLeft) -
                  parseFloat(style.paddingRight);
                return context.measureText(input.placeholder).width > room;
              });
              assert.ok(!cut, `${id}'s placeholder is cut off`);
            }
            await page.locator("#packets").scrollIntoViewIfNeeded();
            await page.locator('[data-testid="packets-table"] tbody tr').nth(3).click();
            const sheet = page.locator('[data-testid="packet-detail"]');
            await sheet.waitFor({ timeout: UI_TIMEOUT_MS });
            assert.equal(await sheet.evaluate((el) => getComputedStyle(el).position), "fixed");
            const box = (await sheet.boundingBox())!;
            assert.ok(Math.abs(box.y + box.height - PHONE.height) <= 1, "sheet not at the bottom");
            assert.ok(box.width >= PHONE.width - 1, "sheet not full width");
            await page.setViewportSize(PHONE);
            await page.screenshot({
              path: new URL("../tests/artifacts/first-use-phone-sheet.png", import.meta.url)
                .pathname,
            });
            await sheet.locator('button[aria-label="Close packet detail"]').click();
            await screenshot(page, "first-use-http-phone.png");
          } finally {
            await server.stop();
            await page.setViewportSize(DESKTOP);
          }
        },
      );
      assert.deepEqual(
        browser.errors.filter((e) => !/ERR_CONNECTION_REFUSED|\/events|400/.test(e)),
        [],
      );
    } finally {
      await browser.close();
    }
  },
});

/** Root can capture on `lo`; CI runs as root and must not skip. */
const liveUnavailable = Deno.uid() === 0 ? undefined : "capturing on lo needs root";
if (liveUnavailable && Deno.env.get("CI")) {
  throw new Error(`Loopback dashboard tests cannot run in CI: ${liveUnavailable}`);
}

Deno.test({
  name: "a live loopback capture says it leaves out the dashboard's own port",
  ...options,
  ignore: options.ignore || liveUnavailable !== undefined,
  async fn() {
    const port = freePort();
    // Only loopback TCP: the dashboard's own port is left out, other engineers' tests are not.
    const server = await CliServer.start(["-i", "lo", "tcp"], port);
    const browser = await launchBrowser({ viewport: DESKTOP });
    const { page } = browser;
    try {
      await page.goto(server.url);
      await waitForState(page, "open");
      assert.equal((await page.locator('[data-testid="connection"]').innerText()).trim(), "Live");
      assert.equal(await page.locator('[data-testid="pause"]').count(), 1);
      assert.match(
        await text(page, '[data-testid="source"] .tile-detail'),
        new RegExp(`filter: tcp · not counting wirescope's own tcp port ${port}`),
      );
      await new Promise((r) => setTimeout(r, 2500));
      const flows = await (await fetch(`${server.url}api/flows?port=${port}`)).json();
      assert.equal(flows.matched, 0, "the dashboard's own flows were counted");
      const stats: ServedStats = await fetchStats(server.url);
      assert.equal(stats.meta.excluded, `not tcp port ${port}`);
      await screenshot(page, "first-use-live-desktop.png");
      await page.setViewportSize(PHONE);
      await screenshot(page, "first-use-live-phone.png");
    } finally {
      await browser.close();
      await server.stop();
    }
  },
});

/** FLOW_TABLE_CAP (stats/flow_table.ts): the conversations a table holds at most. */
const FLOW_TABLE_CAP = 65_536;

/**
 * A classic pcap of `flows` one-packet UDP conversations (10.0.0.0/8 clients to
 * 192.0.2.1:53, RFC 5737 documentation space), one second apart in packet time.
 */
async function manyFlowsFile(flows: number): Promise<string> {
  const record = 16 + 14 + 20 + 8;
  const out = new Uint8Array(24 + flows * record);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, 65535, true);
  view.setUint32(20, 1, true); // LINKTYPE_ETHERNET
  for (let i = 0; i < flows; i++) {
    const at = 24 + i * record;
    view.setUint32(at, 1_600_000_000 + i, true);
    view.setUint32(at + 8, record - 16, true);
    view.setUint32(at + 12, record - 16, true);
    const eth = at + 16;
    view.setUint16(eth + 12, 0x0800);
    const ip = eth + 14;
    view.setUint8(ip, 0x45);
    view.setUint16(ip + 2, 28);
    view.setUint8(ip + 8, 64);
    view.setUint8(ip + 9, 17);
    view.setUint32(ip + 12, (10 << 24) | (i + 1));
    view.setUint32(ip + 16, (192 << 24) | (2 << 8) | 1);
    view.setUint16(ip + 20, 1024 + (i % 60_000));
    view.setUint16(ip + 22, 53);
    view.setUint16(ip + 24, 8);
  }
  const path = await Deno.makeTempFile({ suffix: ".pcap" });
  // Readable by all, as a user's capture file is (makeTempFile makes it owner-only).
  await Deno.writeFile(path, out, { mode: 0o644 });
  await Deno.chmod(path, 0o644);
  return path;
}

Deno.test({
  name: "a file with more conversations than the table holds says the bound was hit",
  ...options,
  async fn() {
    const flows = FLOW_TABLE_CAP + 1000;
    const file = await manyFlowsFile(flows);
    const server = await CliServer.start(["-r", file]);
    const browser = await launchBrowser({ viewport: DESKTOP });
    try {
      await waitUntil(
        "the file to be read",
        async () => (await fetchStats(server.url)).capture.state === "ended",
      );
      const stats = await fetchStats(server.url);
      assert.equal(stats.flows.active, FLOW_TABLE_CAP);
      assert.equal(stats.flows.evicted.capacity, 1000);
      assert.equal(stats.flows.evicted.idle, 0);
      const { page } = browser;
      await page.goto(server.url);
      await waitForState(page, "open");
      await page.locator("#conversations").scrollIntoViewIfNeeded();
      const note = page.locator('[data-testid="flow-cap-note"]');
      await note.waitFor({ timeout: UI_TIMEOUT_MS });
      const bound = /at most 65,536: 1,000 older conversations/;
      await waitUntil("the note's text", async () => bound.test(await note.innerText()))
        .catch(() => {});
      assert.match(await note.innerText(), bound);
    } finally {
      await browser.close();
      await server.stop();
      await Deno.remove(file);
    }
  },
});
