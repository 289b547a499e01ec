/**
 * Several interfaces end to end: wirescope serving `-i A -i B` over two veth pairs into
 * namespaces of our own, a known number of UDP datagrams on each, and `/stats` counting each
 * interface apart (packets, bytes, talkers, drops, series) and both together.
 *
 * The first pair carries this process's /30 (tests/support/netns.ts); the second has no address
 * on our side, and its datagrams are sent from inside its namespace to a neighbour pinned in
 * the namespace's ARP table, so every datagram is exactly one frame and no ARP goes out.
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { liveUnavailableReason, PEER_ADDRESS, ROOT_ADDRESS, TestNetwork } from "./support/netns.ts";
import { startServedCli } from "./support/served_cli.ts";
import type { StatsDocument } from "../wire/stats_document.ts";

const unavailable = liveUnavailableReason();
if (unavailable) {
  // In CI these tests must run: a machine that cannot run them is a failed run, not a pass.
  if (Deno.env.get("CI")) throw new Error(`Live capture tests cannot run in CI: ${unavailable}`);
  console.log(`skipping multi-interface live tests: ${unavailable}`);
}

const FIRST_DATAGRAMS = 30;
const SECOND_DATAGRAMS = 45;
/** Ethernet 14 + IPv4 20 + UDP 8 + the 18-byte payload below. */
const FRAME_BYTES = 14 + 20 + 8 + 18;
const PAYLOAD = "wirescope-two-ifs!";
/** The second pair's addresses exist only inside its namespace, so they collide with nothing. */
const SECOND_SOURCE = "198.19.255.250";
const SECOND_TARGET = "198.19.255.249";
const DISCARD_PORT = 9;
/** Only the test's datagrams: the veths' own IPv6 chatter and the ICMP errors stay out. */
const FILTER = "udp and net 198.18.0.0/15";

async function sendFromRoot(count: number): Promise<void> {
  const socket = dgram.createSocket("udp4");
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve, reject) =>
      socket.send(PAYLOAD, DISCARD_PORT, PEER_ADDRESS, (e) => e ? reject(e) : resolve())
    );
  }
  socket.close();
}

async function sendInside(net: TestNetwork, count: number): Promise<void> {
  await net.exec("ip", "addr", "add", `${SECOND_SOURCE}/30`, "dev", net.peerInterface);
  await net.exec(
    "ip",
    "neigh",
    "replace",
    SECOND_TARGET,
    "lladdr",
    "02:00:00:00:00:01",
    "dev",
    net.peerInterface,
    "nud",
    "permanent",
  );
  const script = "import socket\n" +
    "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n" +
    `for _ in range(${count}): s.sendto(b"${PAYLOAD}", ("${SECOND_TARGET}", ${DISCARD_PORT}))\n`;
  await net.exec("python3", "-c", script);
}

async function statsOf(base: string): Promise<StatsDocument> {
  return await (await fetch(`${base}stats`)).json();
}

Deno.test({
  name: "wirescope -i A -i B counts each interface apart and both together in /stats",
  ignore: unavailable !== undefined,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const first = await TestNetwork.create();
    const second = await TestNetwork.create({ addresses: false });
    const served = await startServedCli([
      "-i",
      first.rootInterface,
      "-i",
      second.rootInterface,
      "--port",
      "0",
      "--no-db",
      "-p",
      FILTER,
    ]);
    try {
      await served.printed(/capturing on/);
      assert.match(
        served.stderr(),
        new RegExp(`capturing on ${first.rootInterface}, ${second.rootInterface}`),
      );
      await sendFromRoot(FIRST_DATAGRAMS);
      await sendInside(second, SECOND_DATAGRAMS);
      const total = FIRST_DATAGRAMS + SECOND_DATAGRAMS;
      let stats = await statsOf(served.url);
      for (let waited = 0; stats.packets < total && waited < 10_000; waited += 200) {
        await new Promise((r) => setTimeout(r, 200));
        stats = await statsOf(served.url);
      }
      // Anything extra would show within the workers' next publication: look again after it.
      await new Promise((r) => setTimeout(r, 1500));
      stats = await statsOf(served.url);

      assert.equal(stats.packets, total);
      assert.equal(stats.bytes, total * FRAME_BYTES);
      const list = stats.interfaces;
      assert.ok(list, "/stats has no interfaces list");
      assert.deepEqual(list.map((i) => i.name), [first.rootInterface, second.rootInterface]);
      const [a, b] = list as [NonNullable<typeof list>[0], NonNullable<typeof list>[0]];
      assert.equal(a.packets, FIRST_DATAGRAMS);
      assert.equal(b.packets, SECOND_DATAGRAMS);
      assert.equal(a.bytes, FIRST_DATAGRAMS * FRAME_BYTES);
      assert.equal(b.bytes, SECOND_DATAGRAMS * FRAME_BYTES);
      assert.equal(a.protocols.udp, FIRST_DATAGRAMS);
      assert.equal(b.protocols.udp, SECOND_DATAGRAMS);
      assert.equal(a.linkType, "EN10MB");
      // Talkers per interface: each link's only sender, and not the other's.
      assert.deepEqual(a.topSources, [
        { ip: ROOT_ADDRESS, packets: FIRST_DATAGRAMS, bytes: FIRST_DATAGRAMS * FRAME_BYTES },
      ]);
      assert.deepEqual(b.topSources, [
        { ip: SECOND_SOURCE, packets: SECOND_DATAGRAMS, bytes: SECOND_DATAGRAMS * FRAME_BYTES },
      ]);
      // Combined talkers hold both.
      assert.deepEqual(
        stats.topSources.map((t) => [t.ip, t.packets]).sort(),
        [[ROOT_ADDRESS, FIRST_DATAGRAMS], [SECOND_SOURCE, SECOND_DATAGRAMS]].sort(),
      );
      // Drops apart: each capture's own kernel counters, which saw its own packets.
      for (const [one, sent] of [[a, FIRST_DATAGRAMS], [b, SECOND_DATAGRAMS]] as const) {
        assert.equal(one.drops.kernel, 0);
        assert.equal(one.drops.backlog, 0);
        assert.equal(one.drops.received, sent, `${one.name} received`);
      }
      assert.equal(stats.capture.drops.received, total);

      // Each interface's own series holds its own packets.
      for (const [one, sent] of [[a, FIRST_DATAGRAMS], [b, SECOND_DATAGRAMS]] as const) {
        const res = await fetch(`${served.url}api/series?window=5m&interface=${one.name}`);
        assert.equal(res.status, 200);
        const series = await res.json();
        const counted = (series.pps.total as number[]).reduce((s, v) => s + v, 0);
        assert.equal(counted, sent, `${one.name} series`);
      }
      const unknown = await fetch(`${served.url}api/series?interface=nope0`);
      assert.equal(unknown.status, 400);
      assert.equal((await unknown.json()).error.parameter, "interface");
    } finally {
      await served.stop();
      await first.close();
      await second.close();
    }
  },
});
