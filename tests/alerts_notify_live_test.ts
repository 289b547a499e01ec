/**
 * The whole path, live: wirescope captures on a veth pair into a namespace of the test's own,
 * with a config file naming a webhook receiver and an SMTP sink on loopback (STARTTLS, password
 * from the environment, HMAC-signed webhook). A bounded port scan raises the alert in
 * /api/alerts within 5 s; the receiver and the sink each get it exactly once (the alert's later
 * fold sends nothing); a second scan after the cooldown is a second alert and a second message;
 * once muted from the API, a third scan raises and sends nothing.
 */
import assert from "node:assert/strict";
import type { Alert } from "../alerts/alert.ts";
import { smtpSink, testCertificate, webhookReceiver } from "../notify/_test_receivers.ts";
import { SIGNATURE_HEADER, signBody } from "../notify/signature.ts";
import { CliServer } from "./support/dashboard_server.ts";
import { liveUnavailableReason, PEER_ADDRESS, ROOT_ADDRESS, TestNetwork } from "./support/netns.ts";

const unavailable = liveUnavailableReason();
if (unavailable) {
  // In CI these tests must run: a machine that cannot run them is a failed run, not a pass.
  if (Deno.env.get("CI")) {
    throw new Error(`Live notification tests cannot run in CI: ${unavailable}`);
  }
  console.log(`skipping live notification tests: ${unavailable}`);
}

/**
 * Closed ports probed per scan: past the vertical-scan threshold (25) even if a scan straddles
 * two of the detector's windows (one of them then sees at least half).
 */
const PROBED_PORTS = 120;
const DEADLINE_MS = 5000;
const POLL_MS = 100;
/** The scan window and the fold cooldown, short so three scans fit in a test. */
const WINDOW_MS = 2000;
const COOLDOWN_MS = 3000;
const HMAC_KEY = "test-hmac-key-0123";
const PASSWORD_ENV = "WIRESCOPE_TEST_SMTP_PASSWORD";

async function scan(firstPort: number): Promise<number> {
  for (let port = firstPort; port < firstPort + PROBED_PORTS; port++) {
    // Nothing listens in the namespace: every attempt is answered with a RST.
    await Deno.connect({ hostname: PEER_ADDRESS, port }).then((c) => c.close(), () => {});
  }
  return Date.now();
}

/** Messages about the scan (other detectors may speak up about the same burst too). */
function aboutScan(text: string): boolean {
  return text.includes("port_scan.vertical") && text.includes(ROOT_ADDRESS);
}

async function scanAlerts(url: string): Promise<Alert[]> {
  const response = await fetch(`${url}api/alerts?rule=port_scan.vertical`);
  return ((await response.json()).alerts as Alert[]).filter((a) => a.subject.key === ROOT_ADDRESS);
}

async function until<T>(
  what: string,
  get: () => Promise<T | undefined> | T | undefined,
  ms = DEADLINE_MS,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

Deno.test({
  name: "live scan: alert in /api/alerts within 5 s, one webhook and one email, silenced by a mute",
  ignore: unavailable !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "wirescope-notify-" });
    const net = await TestNetwork.create();
    const hook = webhookReceiver("ok");
    const cert = await testCertificate();
    const sink = await smtpSink(cert, { user: "alerts", pass: "s3cret-pass" });
    Deno.env.set(PASSWORD_ENV, "s3cret-pass");
    await Deno.writeTextFile(`${dir}/ca.pem`, cert.cert);
    await Deno.writeTextFile(
      `${dir}/wirescope.toml`,
      `
[notify]
digest_window_s = 0

[[notify.webhook]]
name = "hook"
url = "${hook.url}"
format = "generic"
min_severity = "warning"
secret = "${HMAC_KEY}"

[[notify.email]]
name = "mail"
host = "127.0.0.1"
port = ${sink.port}
security = "starttls"
username = "alerts"
password_env = "${PASSWORD_ENV}"
from = "wirescope@example.test"
to = ["oncall@example.test"]
min_severity = "warning"
ca_file = "${dir}/ca.pem"

[alerts.port_scan]
window_ms = ${WINDOW_MS}

[alerts.engine]
cooldown_ms = ${COOLDOWN_MS}
`,
    );
    const hooks = () => hook.received.filter((r) => aboutScan(r.body));
    const mails = () => sink.messages.filter((m) => aboutScan(m.raw));
    let server: CliServer | undefined;
    try {
      server = await CliServer.start([
        "-i",
        net.rootInterface,
        "--config",
        `${dir}/wirescope.toml`,
        "--db",
        `${dir}/history.db`,
        "host",
        PEER_ADDRESS,
      ]);
      const url = server.url;
      assert.deepEqual(await scanAlerts(url), [], "an alert before any scan");

      // First scan: the alert, once, everywhere.
      const firstEnd = await scan(20_000);
      const first = await until("the first alert", async () => (await scanAlerts(url))[0]);
      const latency = Date.now() - firstEnd;
      console.log(`alert in /api/alerts ${latency} ms after the scan`);
      assert.ok(latency <= DEADLINE_MS);
      await until("the webhook", () => hooks().length >= 1 || undefined);
      await until("the mail", () => mails().length >= 1 || undefined);
      const notified = Date.now() - firstEnd;
      console.log(`webhook and mail received ${notified} ms after the scan`);
      // The scan window closes and its final numbers fold into the alert: no second message.
      await new Promise((r) => setTimeout(r, WINDOW_MS + 1000));
      assert.equal(hooks().length, 1, "one webhook");
      assert.equal(mails().length, 1, "one mail");
      const [alertsAfterFold] = [await scanAlerts(url)];
      assert.equal(alertsAfterFold.length, 1, "the window's close folded into the alert");

      const request = hooks()[0]!;
      assert.equal(request.headers.get(SIGNATURE_HEADER), await signBody(HMAC_KEY, request.body));
      const body = JSON.parse(request.body);
      assert.equal(body.kind, "alert");
      assert.equal(body.alerts[0].id, first.id);
      assert.equal(body.alerts[0].rule, "port_scan.vertical");
      const mail = mails()[0]!;
      assert.equal(mail.secure, true, "STARTTLS");
      assert.equal(mail.user, "alerts");
      assert.match(
        mail.raw,
        new RegExp(
          `Subject: wirescope warning: port_scan\\.vertical on ${
            ROOT_ADDRESS.replaceAll(".", "\\.")
          }`,
        ),
      );

      // Second scan after the cooldown: a new alert and a new message (the control for the mute).
      await new Promise((r) => setTimeout(r, COOLDOWN_MS));
      await scan(21_000 + PROBED_PORTS);
      const second = await until(
        "the second alert",
        async () => (await scanAlerts(url)).find((a) => a.id !== first.id),
      );
      await until("the second webhook", () => hooks().length >= 2 || undefined);
      await until("the second mail", () => mails().length >= 2 || undefined);

      // Muted from the API: a third scan raises and sends nothing.
      const mute = await fetch(`${url}api/alerts/${second.id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ mute: { scope: "rule_subject", minutes: 60 } }),
      });
      assert.equal(mute.status, 200, await mute.text());
      await new Promise((r) => setTimeout(r, COOLDOWN_MS + WINDOW_MS));
      const before = (await scanAlerts(url)).map((a) => `${a.id}:${a.count}`);
      await scan(22_000 + 2 * PROBED_PORTS);
      await new Promise((r) => setTimeout(r, DEADLINE_MS + WINDOW_MS));
      assert.deepEqual((await scanAlerts(url)).map((a) => `${a.id}:${a.count}`), before);
      assert.equal(hooks().length, 2, "no webhook after the mute");
      assert.equal(mails().length, 2, "no mail after the mute");
      const summary = await (await fetch(`${url}api/alerts/summary`)).json();
      assert.ok(summary.notifications.sent >= 4, JSON.stringify(summary.notifications));
      assert.equal(summary.notifications.failed, 0);
    } finally {
      const stderr = await server?.stop();
      if (stderr) {
        assert.ok(
          !stderr.includes("s3cret-pass") && !stderr.includes(HMAC_KEY),
          "no secret logged",
        );
      }
      await hook.close();
      await sink.close();
      await net.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
