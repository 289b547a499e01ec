/**
 * Alerts live: wirescope serving a capture on a veth pair into a namespace of the test's own;
 * a bounded burst of connection attempts to closed ports in the namespace (a vertical port
 * scan) must show up as an alert in `/stats` within 5 s of the burst; with `--payload-rules`,
 * datagrams whose payload matches a rule raise that rule's alert the same way (the capture
 * worker's scan of a live source).
 */
import assert from "node:assert/strict";
import type { Alert } from "../alerts/alert.ts";
import { CliServer } from "./support/dashboard_server.ts";
import { liveUnavailableReason, PEER_ADDRESS, ROOT_ADDRESS, TestNetwork } from "./support/netns.ts";

const unavailable = liveUnavailableReason();
if (unavailable) {
  // In CI these tests must run: a machine that cannot run them is a failed run, not a pass.
  if (Deno.env.get("CI")) throw new Error(`Live alert tests cannot run in CI: ${unavailable}`);
  console.log(`skipping live alert tests: ${unavailable}`);
}

/** Closed ports probed: past the vertical-scan threshold (25), a fraction of a real scan. */
const PROBED_PORTS = 60;
const FIRST_PORT = 20_000;
const DEADLINE_MS = 5000;
const POLL_MS = 100;

async function scanAlert(url: string): Promise<Alert | undefined> {
  const response = await fetch(new URL("stats", url));
  const doc = await response.json() as { alerts?: Alert[] };
  return doc.alerts?.find((a) =>
    a.rule === "port_scan.vertical" && a.evidence.scanner === ROOT_ADDRESS
  );
}

Deno.test({
  name: "a port scan across a veth pair raises port_scan.vertical in /stats within 5 s",
  ignore: unavailable !== undefined,
  sanitizeResources: false,
  async fn() {
    const net = await TestNetwork.create();
    let server: CliServer | undefined;
    try {
      server = await CliServer.start(["-i", net.rootInterface, "host", PEER_ADDRESS]);
      assert.equal(await scanAlert(server.url), undefined, "an alert before any scan");
      const started = Date.now();
      for (let port = FIRST_PORT; port < FIRST_PORT + PROBED_PORTS; port++) {
        // Nothing listens in the namespace: every attempt is answered with a RST.
        await assert.rejects(Deno.connect({ hostname: PEER_ADDRESS, port }));
      }
      const burstEnd = Date.now();
      let alert: Alert | undefined;
      while (!alert && Date.now() - burstEnd <= DEADLINE_MS) {
        alert = await scanAlert(server.url);
        if (!alert) await new Promise((r) => setTimeout(r, POLL_MS));
      }
      const latency = Date.now() - burstEnd;
      console.log(
        `scan of ${PROBED_PORTS} ports took ${burstEnd - started} ms; alert ${latency} ms after it`,
      );
      assert.ok(alert, `no port_scan.vertical alert within ${DEADLINE_MS} ms of the burst`);
      assert.deepEqual(alert.evidence.targets, [PEER_ADDRESS]);
      assert.ok(Number(alert.evidence.ports) >= 25);
      assert.ok(alert.firstSeenMs >= started - 1000 && alert.firstSeenMs <= Date.now());
    } finally {
      await server?.stop();
      await net.close();
    }
  },
});

Deno.test({
  name: "a live datagram matching --payload-rules raises payload.rule.NAME in /stats within 5 s",
  ignore: unavailable !== undefined,
  sanitizeResources: false,
  async fn() {
    const net = await TestNetwork.create();
    const dir = await Deno.makeTempDir({ prefix: "wirescope-live-payload-" });
    await Deno.chmod(dir, 0o755);
    const rules = `${dir}/rules.txt`;
    await Deno.writeTextFile(rules, "etc-passwd /etc/passwd\n", { mode: 0o644 });
    let server: CliServer | undefined;
    try {
      server = await CliServer.start([
        "-i",
        net.rootInterface,
        "--payload-rules",
        rules,
        "host",
        PEER_ADDRESS,
      ]);
      const sent = 3;
      for (let i = 0; i < sent; i++) {
        // bash's /dev/udp: one datagram each, to a port nothing listens on in the namespace.
        const out = await new Deno.Command("bash", {
          args: ["-c", `printf 'GET /cgi-bin/../etc/passwd ${i}' > /dev/udp/${PEER_ADDRESS}/5001`],
        }).output();
        assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      }
      const burstEnd = Date.now();
      let alert: Alert | undefined;
      while (Date.now() - burstEnd <= DEADLINE_MS) {
        const doc = await (await fetch(new URL("stats", server.url))).json() as {
          alerts?: Alert[];
        };
        alert = doc.alerts?.find((a) => a.rule === "payload.rule.etc-passwd");
        if (alert?.evidence.packets === sent) break;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      console.log(`payload rule alert ${Date.now() - burstEnd} ms after the datagrams`);
      assert.ok(alert, `no payload.rule.etc-passwd alert within ${DEADLINE_MS} ms`);
      assert.equal(alert.evidence.packets, sent);
      assert.deepEqual(alert.subject.addresses, [ROOT_ADDRESS, PEER_ADDRESS]);
      assert.equal(alert.evidence.port, 5001);
      assert.equal(alert.evidence.protocol, "udp");
    } finally {
      await server?.stop();
      await net.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
