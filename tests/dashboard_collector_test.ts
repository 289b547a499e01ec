/**
 * The dashboard of a `--collect` run in a real browser: the header's collector tile counts the
 * exporters /stats lists and the records they sent.
 */
import assert from "node:assert/strict";
import { type BrowserSession, launchBrowser } from "./support/browser.ts";
import { capturePath } from "./support/captures.ts";
import { CliServer } from "./support/dashboard_server.ts";
import {
  browserTestOptions as options,
  fetchStats,
  tileValue,
  UI_TIMEOUT_MS,
  waitForState,
  waitUntil,
} from "./support/dashboard_page.ts";
import { freeUdpPort } from "./support/free_port.ts";

Deno.test({
  name: "dashboard's collector tile shows the exporters and records of /stats",
  ...options,
  async fn() {
    const port = await freeUdpPort();
    const server = await CliServer.start(["--collect", `udp:${port}`, "--no-db"]);
    const dir = Deno.makeTempDirSync({ prefix: "wirescope-collector-tile-" });
    let browser: BrowserSession | undefined;
    try {
      for (const version of ["9", "10"]) {
        const out = await new Deno.Command("softflowd", {
          args: ["-r", capturePath("dns_udp_tcp_fragmented_v4v6.pcap"), "-n", `127.0.0.1:${port}`]
            .concat(["-v", version, "-d", "-c", "none", "-p", `${dir}/softflowd.pid`]),
          stdout: "null",
          stderr: "null",
        }).output();
        assert.ok(out.success, "softflowd ran");
      }
      await waitUntil(
        "both exports to arrive",
        async () => ((await fetchStats(server.url)).collector?.flows ?? 0) >= 98,
      );
      browser = await launchBrowser({ colorScheme: "light" });
      const { page } = browser;
      await page.goto(server.url);
      await waitForState(page, "open");
      await waitUntil("the collector tile", async () => await tileValue(page, "collector") === 2);
      const tile = await page.locator('[data-testid="collector"]').innerText({
        timeout: UI_TIMEOUT_MS,
      });
      assert.match(tile, /98 records · 0 dropped/);
      assert.equal((await fetchStats(server.url)).collector?.exporters.length, 2);
    } finally {
      await browser?.close();
      await server.stop();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
