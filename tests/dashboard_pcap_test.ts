/**
 * The dashboard's pcap downloads in a real browser (Chromium), with wirescope serving a capture
 * with --keep: clicking "pcap" in a conversation row saves exactly the packets tcpdump selects
 * from the original with that flow's BPF (as tshark reads both: ns times, lengths, MD5); a host
 * row offers its host's, and the timeline offers the last 10 s, 1 min, 5 min and all kept.
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
import { tsharkFrames } from "./support/tshark_frames.ts";

async function output(command: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).output();
  assert.equal(out.code, 0, `${command}: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

/** Click the link and return where the browser saved the file, and its suggested name. */
async function download(page: Page, selector: string): Promise<{ name: string; path: string }> {
  const link = page.locator(selector).first();
  await link.scrollIntoViewIfNeeded();
  const [file] = await Promise.all([
    page.waitForEvent("download", { timeout: UI_TIMEOUT_MS }),
    link.click(),
  ]);
  return { name: file.suggestedFilename(), path: (await file.path())! };
}

Deno.test({
  name:
    "dashboard: a conversation's pcap link downloads that flow's packets, as tcpdump picks them",
  ...options,
  async fn() {
    const original = capturePath(CAPTURE);
    const server = await CliServer.start(["-r", original, "--keep", "8m", "--no-db"]);
    let browser: BrowserSession | undefined;
    const dir = await Deno.makeTempDir({ prefix: "wirescope-pcap-page-" });
    try {
      await waitUntil(
        "the file to be read",
        async () => (await fetchStats(server.url)).capture.state === "ended",
      );
      browser = await launchBrowser();
      const { page } = browser;
      await page.goto(server.url);
      await waitForState(page, "open");

      // The timeline offers the kept packets by time.
      const timeline = page.locator('[data-testid="pcap-download"]');
      await timeline.scrollIntoViewIfNeeded();
      for (const id of ["pcap-last-10", "pcap-last-60", "pcap-last-300", "pcap-all"]) {
        assert.equal(await page.locator(`[data-testid="${id}"]`).count(), 1, id);
      }
      const all = await download(page, '[data-testid="pcap-all"]');
      assert.match(all.name, /^wirescope-\d{8}T\d{6}Z\.pcap$/);
      assert.deepEqual(await tsharkFrames(all.path), await tsharkFrames(original), "all kept");

      // The busiest conversation's own packets.
      await page.locator("#conversations").scrollIntoViewIfNeeded();
      const flowLink = page.locator('[data-testid="flow-pcap"]').first();
      await flowLink.waitFor({ timeout: UI_TIMEOUT_MS });
      const href = (await flowLink.getAttribute("href"))!;
      const bpf = new URL(href, server.url).searchParams.get("filter")!;
      assert.match(bpf, /^host \S+ and host \S+ and (port \d+ and port \d+ and (tcp|udp)|\w+)/);
      const flow = await download(page, '[data-testid="flow-pcap"]');
      const oracle = `${dir}/oracle.pcap`;
      await output("tcpdump", ["-r", original, "-w", oracle, bpf]);
      const want = await tsharkFrames(oracle);
      assert.ok(want.length > 1, `${bpf}: ${want.length} packets`);
      assert.deepEqual(await tsharkFrames(flow.path), want, bpf);
      // ...and they are the flow's own: as many as wirescope counted for that conversation.
      const words = bpf.split(" ");
      const [a, b] = [words[1], words[4]];
      const ports = [...bpf.matchAll(/port (\d+)/g)].map((m) => Number(m[1]));
      const { flows } = await (await fetch(`${server.url}api/flows?limit=1000`)).json();
      const counted = flows.filter((f: Record<string, unknown>) =>
        new Set([f.aIp, f.bIp]).has(a) && new Set([f.aIp, f.bIp]).has(b) &&
        (ports.length === 0 ||
          (ports.includes(f.aPort as number) && ports.includes(f.bPort as number)))
      );
      assert.equal(counted.length, 1, `one conversation for ${bpf}`);
      assert.equal(counted[0].packets, want.length, "the flow's packet count");

      // A host row offers that host's packets.
      const hostLink = page.locator('[data-testid="host-pcap"]').first();
      await hostLink.scrollIntoViewIfNeeded();
      const hostHref = (await hostLink.getAttribute("href"))!;
      assert.match(new URL(hostHref, server.url).searchParams.get("filter")!, /^host \S+$/);
    } finally {
      await browser?.close();
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "dashboard: without --keep no pcap control is shown",
  ...options,
  async fn() {
    const server = await CliServer.start(["-r", capturePath(CAPTURE), "--no-db"]);
    let browser: BrowserSession | undefined;
    try {
      await waitUntil(
        "the file to be read",
        async () => (await fetchStats(server.url)).capture.state === "ended",
      );
      browser = await launchBrowser();
      const { page } = browser;
      await page.goto(server.url);
      await waitForState(page, "open");
      await page.locator("#conversations").scrollIntoViewIfNeeded();
      await page.locator('[data-testid="conversations-table"] tbody tr').first().waitFor({
        timeout: UI_TIMEOUT_MS,
      });
      await page.locator("#hosts").scrollIntoViewIfNeeded();
      await page.locator('[data-testid="top-sources"]').waitFor({ timeout: UI_TIMEOUT_MS });
      for (const id of ["pcap-download", "flow-pcap", "host-pcap"]) {
        assert.equal(await page.locator(`[data-testid="${id}"]`).count(), 0, id);
      }
    } finally {
      await browser?.close();
      await server.stop();
    }
  },
});
