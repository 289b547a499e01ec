/**
 * The login in Chromium: wirescope bound to an address of the test's own veth pair asks the
 * browser for its token, shows the dashboard once given it, and refuses a login posted from a
 * page of another origin.
 */
import assert from "node:assert/strict";
import { launchBrowser } from "./support/browser.ts";
import {
  browserTestOptions,
  CAPTURE,
  tileValue,
  UI_TIMEOUT_MS,
  waitForState,
} from "./support/dashboard_page.ts";
import { liveUnavailableReason, ROOT_ADDRESS, TestNetwork } from "./support/netns.ts";
import { startServedCli } from "./support/served_cli.ts";
import { capturePath } from "./support/captures.ts";

const unavailable = liveUnavailableReason();
if (unavailable && Deno.env.get("CI")) {
  throw new Error(`Login tests cannot run in CI: ${unavailable}`);
}

Deno.test({
  name: "beyond loopback the page shows a login, then the dashboard with the token",
  ...browserTestOptions,
  ignore: browserTestOptions.ignore || unavailable !== undefined,
  async fn() {
    const net = await TestNetwork.create();
    const served = await startServedCli(
      ["-r", capturePath(CAPTURE), "--no-db", "--bind", ROOT_ADDRESS, "--port", "0"],
      { WIRESCOPE_TOKEN: "" },
    );
    // A page of another origin (this machine's loopback) that posts the right token to /login.
    let token = "";
    const other = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () =>
      new Response(
        `<!doctype html><form method="post" action="${served.url}login">` +
          `<input type="hidden" name="token" value="${token}"><button>go</button></form>`,
        { headers: { "content-type": "text/html" } },
      ));
    const browser = await launchBrowser();
    try {
      await served.printed(/asks for this token/);
      token = /asks for this token[^:]*: (\S+)/.exec(served.stderr())![1]!;
      const { page } = browser;

      const first = await page.goto(served.url);
      assert.equal(first!.status(), 401);
      await page.locator("input#token").waitFor({ timeout: UI_TIMEOUT_MS });
      assert.equal(await page.locator('[data-testid="connection"]').count(), 0);

      await page.fill("input#token", "not-the-token-at-all");
      await page.click("button[type=submit]");
      await page.locator('p[role="alert"]').waitFor({ timeout: UI_TIMEOUT_MS });
      assert.equal(await page.locator('[data-testid="connection"]').count(), 0);

      await page.fill("input#token", token);
      await page.click("button[type=submit]");
      await waitForState(page, "open");
      const stats = await (await fetch(`${served.url}stats`, {
        headers: { authorization: `Bearer ${token}` },
      })).json();
      assert.equal(await tileValue(page, "packets"), stats.packets);
      const cookies = await browser.context.cookies(served.url);
      const cookie = cookies.find((c) => c.name === "wirescope_token");
      assert.ok(cookie, "the login cookie is kept");
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, "Strict");
      // HttpOnly: the page's scripts cannot read it.
      assert.doesNotMatch(await page.evaluate(() => document.cookie), /wirescope_token/);

      // Another origin posting the very token is refused: no session can be planted from there.
      const page2 = await browser.context.newPage();
      await page2.goto(`http://127.0.0.1:${other.addr.port}/`);
      const [refused] = await Promise.all([
        page2.waitForResponse((r) => r.url() === `${served.url}login`),
        page2.click("button"),
      ]);
      assert.equal(refused.status(), 403);
    } finally {
      await browser.close();
      await other.shutdown();
      await served.stop();
      await net.close();
    }
  },
});
