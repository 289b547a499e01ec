/**
 * Debian's Chromium driven by playwright-core, for the dashboard tests: headless, no network
 * beyond what the page asks of our own server, a fresh profile per launch, and every console
 * error and page error collected so a test can assert there were none.
 */

// deno-lint-ignore no-import-prefix
import type { Browser, BrowserContext, Page } from "npm:playwright-core@1";

// playwright-core's bundled `is-wsl` probes /proc/sys/fs/binfmt_misc when it is imported, a path
// Deno lets only --allow-all read, and the test task grants named permissions. Its own test
// switch makes the probe lazy; nothing here ever asks for it.
Deno.env.set("__IS_WSL_TEST__", "1");
// deno-lint-ignore no-import-prefix
const { chromium } = await import("npm:playwright-core@1");

export const CHROMIUM = Deno.env.get("WIRESCOPE_CHROMIUM") ?? "/usr/bin/chromium";

/**
 * Quiet, reproducible Chromium: no sandbox (CI runs as root), no GPU, no background traffic
 * to Google (component updates, sync, QUIC probes), no first-run UI.
 */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Why browser tests cannot run here, or undefined when they can. */
export function browserUnavailableReason(): string | undefined {
  try {
    Deno.statSync(CHROMIUM);
    return undefined;
  } catch {
    return `browser tests need Chromium at ${CHROMIUM} (apt-get install chromium)`;
  }
}

export type { Page };

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors, failed requests and uncaught exceptions, in order. */
  errors: string[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  colorScheme?: "light" | "dark";
  viewport?: { width: number; height: number };
}

/** Launch Chromium with a fresh profile and open one page. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<BrowserSession> {
  const profile = await Deno.makeTempDir({ prefix: "wirescope-chromium-" });
  let browser: Browser | undefined;
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      colorScheme: options.colorScheme ?? "light",
      viewport: options.viewport ?? { width: 1440, height: 900 },
    });
    browser = context.browser() ?? undefined;
  } catch (error) {
    await Deno.remove(profile, { recursive: true }).catch(() => {});
    throw error;
  }
  const page = context.pages()[0] ?? await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page: ${e.message}`));
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      await browser?.close();
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}

/** One rule axe-core found broken, with the elements that break it. */
export interface AxeViolation {
  id: string;
  impact: "minor" | "moderate" | "serious" | "critical" | null;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/**
 * Run axe-core (npm:axe-core) on what `page` shows, against WCAG 2.0/2.1 A and AA, and return the
 * violations. Injected through the DevTools protocol, so the page's Content Security Policy,
 * which refuses scripts not its own, stays as users get it.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // deno-lint-ignore no-import-prefix
  const axe = (await import("npm:axe-core@4")).default;
  await page.evaluate(axe.source);
  return await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const run = (globalThis as any).axe.run as (
      context: unknown,
      options: unknown,
    ) => Promise<{ violations: AxeViolation[] }>;
    const result = await run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}
