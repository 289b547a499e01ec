/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core): against the CLI
 * serving a capture file, against a live capture in a network namespace, and against a server
 * holding 10,000 flows to measure what one live update costs the page's main thread.
 * Screenshots land in tests/artifacts/ (gitignored).
 */
import assert from "node:assert/strict";
import type { StatsDocument } from "../server/stats_document.ts";
import { GEO_ATTRIBUTION } from "../stats/enrich/embedded_geo.ts";
import type { EnrichedSnapshot } from "../stats/enriched_stats.ts";
import { flagEmoji } from "../static/lib/flag_emoji.ts";
import { topNames } from "../static/lib/name_rows.ts";
import { type BrowserSession, launchBrowser, type Page } from "./support/browser.ts";
import { browserUnavailableReason } from "./support/browser.ts";
import { capturePath } from "./support/captures.ts";
import { CliServer, startSyntheticServer } from "./support/dashboard_server.ts";
import { liveUnavailableReason, PEER_ADDRESS, TestNetwork } from "./support/netns.ts";

const unavailable = browserUnavailableReason();
if (unavailable) {
  // In CI these tests must run: a machine that cannot run them is a failed run, not a pass.
  if (Deno.env.get("CI")) throw new Error(`Dashboard tests cannot run in CI: ${unavailable}`);
  console.log(`skipping dashboard browser tests: ${unavailable}`);
}
const liveUnavailable = unavailable ?? liveUnavailableReason();

const ARTIFACTS = new URL("./artifacts/", import.meta.url);
const CAPTURE = "lan_mix_alexa_echo.pcapng";
/** Longest wait for the page to show something; a healthy page needs well under a second. */
const UI_TIMEOUT_MS = 15_000;
const FLOWS = 10_000;
/** Updates sampled for the cost measurement (one per second). */
const UPDATES_SAMPLED = 15;
/**
 * A frame at 60 Hz is 16.7 ms. The typical (median) update must fit in one with room to spare
 * for style, layout and paint; single updates on a busy 2-core CI machine may not (GC, other
 * processes), so the 95th percentile is reported, not asserted.
 */
const FRAME_MS = 16;

/** What static/lib/update_timer.ts leaves on the page: ms per update, oldest first. */
type TimedPage = { __wirescopeUpdates?: number[] };

const options = { sanitizeOps: false, sanitizeResources: false, ignore: unavailable !== undefined };

/** `/stats` as the CLI serves it: the engine's document with names and places. */
type ServedStats = StatsDocument & EnrichedSnapshot;

async function fetchStats(base: string): Promise<ServedStats> {
  return await (await fetch(`${base}stats`)).json();
}

async function tileValue(page: Page, id: string): Promise<number> {
  const text = await page.locator(`[data-testid="${id}"] .tile-value`).getAttribute("data-value");
  return Number(text);
}

async function waitForState(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid="connection"][data-state="${state}"]`).waitFor({
    timeout: UI_TIMEOUT_MS,
  });
}

/** Pixels drawn on a canvas that are not fully transparent: > 0 once a chart has drawn. */
async function inkedPixels(page: Page, selector: string): Promise<number> {
  return await page.$eval(selector, (el) => {
    const canvas = el as HTMLCanvasElement;
    const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
    return inked;
  });
}

async function screenshot(page: Page, name: string): Promise<void> {
  // Panels out of view skip updates (static/components/when_visible.tsx): let each one catch
  // up, then take the whole page from the top.
  for (const panel of await page.locator(".panel").all()) await panel.scrollIntoViewIfNeeded();
  await page.evaluate(() => scrollTo(0, 0));
  // `content-visibility: auto` skips painting panels outside the viewport, which a full-page
  // screenshot would show blank (the phone's narrow viewport most of all): paint them all.
  const setPainted = (all: boolean) =>
    page.evaluate((v) => {
      for (const el of document.querySelectorAll<HTMLElement>(".panel")) {
        el.style.contentVisibility = v;
      }
    }, all ? "visible" : "");
  await setPainted(true);
  await page.waitForTimeout(100);
  await Deno.mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: new URL(name, ARTIFACTS).pathname, fullPage: true });
  await setPainted(false);
}

async function waitUntil(what: string, ok: () => Promise<boolean>, timeoutMs = UI_TIMEOUT_MS) {
  const deadline = performance.now() + timeoutMs;
  while (!(await ok())) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

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
        await page.locator("#timeline").scrollIntoViewIfNeeded();
        const box = (await page.locator("#chart-traffic").boundingBox())!;
        const y = box.y + box.height / 2;
        await page.mouse.move(box.x + box.width * 0.55, y);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width * 0.75, y, { steps: 5 });
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
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal(await tileValue(page, "packets"), frozen);
      assert.ok((await fetchStats(server.url)).packets > frozen, "the capture went on");
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

Deno.test({
  name: `one live update costs the page well under a frame with ${FLOWS} flows on the server`,
  ...options,
  async fn() {
    const server = startSyntheticServer(FLOWS, 500);
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await page.goto(server.url);
      await waitForState(page, "open");
      await page.waitForFunction(
        (n) => ((globalThis as TimedPage).__wirescopeUpdates?.length ?? 0) >= n,
        UPDATES_SAMPLED + 1,
        { timeout: (UPDATES_SAMPLED + 10) * 1000 },
      );
      // The first sample is the initial snapshot (mounting every panel), reported apart.
      const [first, ...updates] = await page.evaluate(() =>
        ((globalThis as TimedPage).__wirescopeUpdates ?? []).slice()
      );
      const sorted = updates.sort((a: number, b: number) => a - b);
      const pick = (q: number) =>
        sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
      const stats = await fetchStats(server.url);
      const report = {
        flows: stats.flows.active,
        updates: sorted.length,
        firstRenderMs: first,
        medianMs: pick(0.5),
        p95Ms: pick(0.95),
        maxMs: sorted[sorted.length - 1],
      };
      await Deno.mkdir(ARTIFACTS, { recursive: true });
      await Deno.writeTextFile(
        new URL("dashboard_update_cost.json", ARTIFACTS),
        JSON.stringify(report, null, 2),
      );
      console.log(`dashboard update cost: ${JSON.stringify(report)}`);
      assert.ok(stats.flows.active >= FLOWS, `the server holds ${stats.flows.active} flows`);
      assert.ok(report.medianMs < FRAME_MS, `median update ${report.medianMs} ms`);
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
      await server.close();
    }
  },
});
