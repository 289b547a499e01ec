/**
 * What the dashboard browser tests share: the page's test hooks (data-testid attributes), waiting
 * helpers and screenshots into tests/artifacts/ (gitignored).
 */
import type { StatsDocument } from "../../wire/stats_document.ts";
import type { EnrichedSnapshot } from "../../stats/enriched_stats.ts";
import type { Page } from "./browser.ts";
import { browserUnavailableReason } from "./browser.ts";

/** Why the browser tests cannot run here; CI refuses to treat that as a pass. */
export const browserUnavailable = browserUnavailableReason();
if (browserUnavailable) {
  // In CI these tests must run: a machine that cannot run them is a failed run, not a pass.
  if (Deno.env.get("CI")) {
    throw new Error(`Dashboard tests cannot run in CI: ${browserUnavailable}`);
  }
  console.log(`skipping dashboard browser tests: ${browserUnavailable}`);
}

export const browserTestOptions = {
  sanitizeOps: false,
  sanitizeResources: false,
  ignore: browserUnavailable !== undefined,
};

export const ARTIFACTS = new URL("../artifacts/", import.meta.url);
export const CAPTURE = "lan_mix_alexa_echo.pcapng";
/** Longest wait for the page to show something; a healthy page needs well under a second. */
export const UI_TIMEOUT_MS = 15_000;
/** What static/lib/update_timer.ts leaves on the page: ms per update, oldest first. */
export type TimedPage = { __wirescopeUpdates?: number[] };

/** `/stats` as the CLI serves it: the engine's document with names and places. */
export type ServedStats = StatsDocument & EnrichedSnapshot;

export async function fetchStats(base: string): Promise<ServedStats> {
  return await (await fetch(`${base}stats`)).json();
}

export async function tileValue(page: Page, id: string): Promise<number> {
  const text = await page.locator(`[data-testid="${id}"] .tile-value`).getAttribute("data-value");
  return Number(text);
}

export async function waitForState(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid="connection"][data-state="${state}"]`).waitFor({
    timeout: UI_TIMEOUT_MS,
  });
}

/** Pixels drawn on a canvas that are not fully transparent: > 0 once a chart has drawn. */
export async function inkedPixels(page: Page, selector: string): Promise<number> {
  return await page.$eval(selector, (el) => {
    const canvas = el as HTMLCanvasElement;
    const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
    return inked;
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
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

export async function waitUntil(
  what: string,
  ok: () => Promise<boolean>,
  timeoutMs = UI_TIMEOUT_MS,
) {
  const deadline = performance.now() + timeoutMs;
  while (!(await ok())) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
