/**
 * The container image, built and run as a user would: the repository's Dockerfile built by
 * podman on a Debian 12 base made here (Docker Hub is out of reach), started with host
 * networking inside a network namespace of the test's own, capturing a known burst on a veth
 * pair; its /stats read from outside the container, its process checked in /proc.
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { buildDenoBase } from "./support/debian_base.ts";
import { Podman, podmanUnavailableReason } from "./support/podman.ts";
import { PEER_ADDRESS, ROOT_ADDRESS, TestNetwork } from "./support/netns.ts";
import { START_FLAGS } from "./support/run_cli.ts";

const REPOSITORY = new URL("../", import.meta.url).pathname;

const unavailable = podmanUnavailableReason();
if (unavailable) {
  // In CI this test must run: a machine that cannot run it is a failed run, not a pass.
  if (Deno.env.get("CI")) throw new Error(`The container test cannot run in CI: ${unavailable}`);
  console.log(`skipping the container test: ${unavailable}`);
}

const DEBIAN_TAG = "localhost/wirescope-test/debian:12";
const DENO_BASE_TAG = "localhost/wirescope-test/deno:debian";
const IMAGE_TAG = "localhost/wirescope-test/wirescope:latest";

const UDP_DATAGRAMS = 50;
const TCP_ATTEMPTS = 20;
/** Port 9 (discard) is closed in the namespace: UDP gets an ICMP error, TCP gets a RST. */
const CLOSED_PORT = 9;
const EXPECTED = {
  packets: UDP_DATAGRAMS * 2 + TCP_ATTEMPTS * 2,
  udp: UDP_DATAGRAMS,
  icmp: UDP_DATAGRAMS,
  tcp: TCP_ATTEMPTS * 2,
};

/** NET_ADMIN (12) and NET_RAW (13): the two capabilities the container is given. */
const CAPTURE_CAPABILITIES = (1n << 12n) | (1n << 13n);

/**
 * What the image may add to its base (Debian and deno): the sources with the embedded GeoIP
 * databases (~25 MB), libpcap, the compile cache and the npm cache (~29 MB: `deno cache` fetches
 * every package in deno.lock, the test and dashboard-build ones included). A layer that copies
 * the sources twice, or keeps apt's lists, goes past it.
 */
const IMAGE_OVER_BASE_LIMIT_BYTES = 75_000_000;

/** Bounds on the waits: anything slower has failed. */
const START_TIMEOUT_MS = 60_000;
const COUNT_TIMEOUT_MS = 15_000;

/**
 * Polls `url` from inside the namespace until it answers 200 (and, for /healthz, the capture
 * runs), then prints the body. A process of its own: the namespace's loopback, where a sensor
 * with host networking listens, is reachable only from inside it.
 */
const PROBE = `
const [url, timeoutMs] = Deno.args;
const deadline = Date.now() + Number(timeoutMs);
for (;;) {
  try {
    const response = await fetch(url);
    const body = await response.text();
    if (response.ok && (!url.endsWith("/healthz") || JSON.parse(body).capture.state === "running")) {
      console.log(body);
      Deno.exit(0);
    }
  } catch { /* not listening yet */ }
  if (Date.now() > deadline) {
    console.error("no answer from " + url);
    Deno.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 25));
}`;

async function probe(net: TestNetwork, url: string, timeoutMs: number): Promise<string> {
  return await net.exec(Deno.execPath(), "eval", PROBE, url, String(timeoutMs));
}

interface StatsDocument {
  packets: number;
  protocols: Record<string, number>;
  conversations: { tcp: number; udp: number };
  topSources: { ip: string; packets: number }[];
  capture: { state: string; drops: Record<string, number> };
}

async function stats(net: TestNetwork, port: number): Promise<StatsDocument> {
  return JSON.parse(await probe(net, `http://127.0.0.1:${port}/stats`, 5_000));
}

/** /stats once it has counted `packets` and a second more has brought nothing extra. */
async function settledStats(net: TestNetwork, port: number, packets: number) {
  const deadline = Date.now() + COUNT_TIMEOUT_MS;
  let document = await stats(net, port);
  while (document.packets < packets && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    document = await stats(net, port);
  }
  // /stats is refreshed once a second: anything counted late would show up now.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  return await stats(net, port);
}

/** From the root namespace to the sensor's interface: datagrams and connection attempts. */
async function sendBurst(): Promise<void> {
  const socket = dgram.createSocket("udp4");
  for (let i = 0; i < UDP_DATAGRAMS; i++) {
    await new Promise<void>((resolve, reject) =>
      socket.send(`datagram ${i}`, CLOSED_PORT, PEER_ADDRESS, (e) => e ? reject(e) : resolve())
    );
  }
  socket.close();
  for (let i = 0; i < TCP_ATTEMPTS; i++) {
    await assert.rejects(Deno.connect({ hostname: PEER_ADDRESS, port: CLOSED_PORT }));
  }
}

/** The burst's numbers in /stats, compared whole so that a failure shows every difference. */
function assertCounts(document: StatsDocument, sensor: string): void {
  const { packets, protocols, conversations, topSources, capture } = document;
  assert.deepEqual(
    {
      sensor,
      packets,
      ipv4: protocols.ipv4,
      udp: protocols.udp,
      icmp: protocols.icmp,
      tcp: protocols.tcp,
      conversations,
      sources: Object.fromEntries(topSources.map((s) => [s.ip, s.packets])),
      state: capture.state,
      kernelDrops: capture.drops.kernel,
      backlogDrops: capture.drops.backlog,
    },
    {
      sensor,
      packets: EXPECTED.packets,
      ipv4: EXPECTED.packets,
      udp: EXPECTED.udp,
      icmp: EXPECTED.icmp,
      tcp: EXPECTED.tcp,
      conversations: { tcp: TCP_ATTEMPTS, udp: 1 },
      sources: {
        [ROOT_ADDRESS]: UDP_DATAGRAMS + TCP_ATTEMPTS,
        [PEER_ADDRESS]: UDP_DATAGRAMS + TCP_ATTEMPTS,
      },
      state: "running",
      kernelDrops: 0,
      backlogDrops: 0,
    },
  );
}

/** The user ids and capability sets of a process, from /proc. */
function processCredentials(pid: number) {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, "m").exec(status)?.[1] ?? "";
  const capabilities = Object.fromEntries(
    ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"].map((name) => [
      name,
      BigInt(`0x${field(name)}`),
    ]),
  );
  const cmdline = Deno.readTextFileSync(`/proc/${pid}/cmdline`).split("\0");
  return { uids: field("Uid").split(/\s+/).map(Number), capabilities, cmdline };
}

function assertSensorProcess(pid: number): void {
  const { uids, capabilities, cmdline } = processCredentials(pid);
  assert.ok(cmdline.includes("/opt/wirescope/main.ts"), `pid ${pid} is ${cmdline.join(" ")}`);
  // real, effective, saved and file-system user ids
  assert.equal(uids.length, 4);
  for (const uid of uids) assert.notEqual(uid, 0, "wirescope runs as a user other than root");
  for (const [name, set] of Object.entries(capabilities)) {
    assert.equal(set & ~CAPTURE_CAPABILITIES, 0n, `${name} ${set.toString(16)} holds more`);
  }
  // Not "both": wirescope gives them up itself once the capture is open. That they were there
  // when it opened shows in the counts.
}

/**
 * The arguments of `podman run` for a sensor on the namespace's end of the veth pair: podman's
 * `options`, then the image, then wirescope's `args` before the interface, port and filter.
 */
function sensorArgs(
  name: string,
  net: TestNetwork,
  port: number,
  options: string[],
  args: string[],
): string[] {
  return [
    "run",
    "--detach",
    "--name",
    name,
    "--network",
    "host",
    "--cap-drop",
    "ALL",
    "--cap-add",
    "NET_RAW,NET_ADMIN",
    // The image's health check runs on podman's systemd timer, which this machine lacks; the
    // test runs it itself with `podman healthcheck run`.
    "--health-interval",
    "disable",
    ...options,
    IMAGE_TAG,
    ...args,
    "-i",
    net.peerInterface,
    "--port",
    String(port),
    // Only the burst: the kernel's own IPv6 chatter on a new link is not what is counted.
    "ip",
    "host",
    PEER_ADDRESS,
  ];
}

/** The data volume and config file of compose.yaml, as the sensor is deployed there. */
const DATA_VOLUME = "wirescope-test-data";
const CONFIG_IN_CONTAINER = "/etc/wirescope/wirescope.toml";
/** The image's user, who must be able to read the config file (mode 0600: it may hold secrets). */
const IMAGE_UID = 10001;

Deno.test("the container entrypoint runs main.ts with the start task's permissions", () => {
  const entrypoint = Deno.readTextFileSync(`${REPOSITORY}container/entrypoint.sh`);
  for (const flag of START_FLAGS) assert.ok(entrypoint.includes(flag), `${flag} is missing`);
});

Deno.test({
  name: "the image builds on Debian 12 and its sensor counts a burst with two capabilities",
  ignore: unavailable !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const began = performance.now();
    const podman = await Podman.create();
    let net: TestNetwork | undefined;
    try {
      await buildDenoBase(podman, DEBIAN_TAG, DENO_BASE_TAG);
      const baseReady = performance.now();
      await podman.run([
        "build",
        "--pull=never",
        // RUN steps fetch libpcap from Debian through the machine's own network: no bridge or
        // firewall rules of podman's are made on the host.
        "--network",
        "host",
        // Docker's image format: the OCI one has no field for the health check.
        "--format",
        "docker",
        "--build-arg",
        `BASE_IMAGE=${DENO_BASE_TAG}`,
        "-t",
        IMAGE_TAG,
        REPOSITORY,
      ]);
      const built = performance.now();
      const size = async (tag: string) =>
        Number(await podman.run(["image", "inspect", "--format", "{{.Size}}", tag]));
      const imageBytes = await size(IMAGE_TAG);
      const baseBytes = await size(DENO_BASE_TAG);
      assert.ok(
        imageBytes - baseBytes < IMAGE_OVER_BASE_LIMIT_BYTES,
        `the image adds ${imageBytes - baseBytes} bytes to its base`,
      );
      const healthcheck = await podman.run([
        "image",
        "inspect",
        "--format",
        "{{json .Config.Healthcheck.Test}}",
        IMAGE_TAG,
      ]);
      assert.match(healthcheck, /127\.0\.0\.1:8787\/healthz/);

      // The namespace only now: it lives no longer than the containers in it.
      net = await TestNetwork.create();
      // The sensor, as the README starts it. Host networking here is the test's namespace:
      // its loopback is where the dashboard listens, and it has no route to anywhere else, so
      // the container also shows it needs no network of its own.
      const port = 8787;
      const started = performance.now();
      const config = `${await podman.scratch("config")}/wirescope.toml`;
      await Deno.writeTextFile(config, "[database]\nretention_days = 7\n", { mode: 0o600 });
      await Deno.chown(config, IMAGE_UID, IMAGE_UID);
      const composeLike = [
        "--read-only",
        "--volume",
        `${DATA_VOLUME}:/var/lib/wirescope`,
        "--volume",
        `${config}:${CONFIG_IN_CONTAINER}:ro`,
      ];
      const [, health] = await Promise.all([
        podman.run(
          sensorArgs("wirescope-sensor", net, port, composeLike, ["--config", CONFIG_IN_CONTAINER]),
          net.namespace,
        ),
        probe(net, `http://127.0.0.1:${port}/healthz`, START_TIMEOUT_MS),
      ]);
      const healthy = performance.now();
      assert.equal(JSON.parse(health).status, "ok");

      // A second sensor started as Docker starts one: the added capabilities only in the
      // bounding set, none inherited. The entrypoint's helper must raise them itself.
      const dockerPort = 8788;
      await podman.run(
        sensorArgs("wirescope-docker-like", net, dockerPort, [
          "--entrypoint",
          JSON.stringify([
            "setpriv",
            "--inh-caps=-all",
            "--ambient-caps=-all",
            "--",
            "/opt/wirescope/container/entrypoint.sh",
          ]),
        ], ["--no-db"]),
        net.namespace,
      );
      await probe(net, `http://127.0.0.1:${dockerPort}/healthz`, START_TIMEOUT_MS);

      await sendBurst();
      assertCounts(await settledStats(net, port, EXPECTED.packets), "the sensor");
      assertCounts(await settledStats(net, dockerPort, EXPECTED.packets), "the Docker-like one");

      for (const name of ["wirescope-sensor", "wirescope-docker-like"]) {
        const pid = Number(await podman.run(["inspect", "--format", "{{.State.Pid}}", name]));
        assertSensorProcess(pid);
      }
      // The health check runs in the container's network, which is the namespace's.
      await podman.run(["healthcheck", "run", "wirescope-sensor"], net.namespace);

      // It stops cleanly on the SIGTERM that `podman stop` sends.
      await podman.run(["stop", "--time", "10", "wirescope-sensor"]);
      // History went to the data volume, written by the image's user, on a read-only root.
      const volume = await podman.run([
        "volume",
        "inspect",
        "--format",
        "{{.Mountpoint}}",
        DATA_VOLUME,
      ]);
      const database = await Deno.stat(`${volume.trim()}/wirescope/history.db`);
      assert.equal(database.uid, IMAGE_UID);
      const exit = await podman.run([
        "inspect",
        "--format",
        "{{.State.ExitCode}}",
        "wirescope-sensor",
      ]);
      assert.equal(exit.trim(), "0");

      console.log(
        `container test: base ${((baseReady - began) / 1000).toFixed(1)} s, ` +
          `build ${((built - baseReady) / 1000).toFixed(1)} s, ` +
          `image ${(imageBytes / 1e6).toFixed(1)} MB (${
            ((imageBytes - baseBytes) / 1e6).toFixed(1)
          } MB ` +
          `over Debian + deno), start to /healthz ${((healthy - started) / 1000).toFixed(2)} s, ` +
          `total ${((performance.now() - began) / 1000).toFixed(1)} s`,
      );
    } catch (error) {
      for (const name of ["wirescope-sensor", "wirescope-docker-like"]) {
        const logs = await podman.try(["logs", name]);
        if (logs.code === 0) console.error(`${name} printed:\n${logs.stdout}${logs.stderr}`);
      }
      throw error;
    } finally {
      await podman.close();
      await net?.close();
    }
  },
});
