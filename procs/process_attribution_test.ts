import assert from "node:assert/strict";
import { StatsEngine } from "../stats/engine.ts";
import { makePacket, type PacketSpec } from "../stats/_test_packet.ts";
import { ProcessAttribution } from "./process_attribution.ts";
import type { SocketEntry } from "./proc_net.ts";
import type { OwnerLookup } from "./owner_lookup.ts";
import type { ProcessInfo } from "./socket_owners.ts";
import type { HelperAnswer } from "./helper_protocol.ts";

const HOST = "10.0.0.1";
const T0 = 1_700_000_000;

/** A lookup answering from a fixed table, as the helper would for these processes. */
class TableLookup implements OwnerLookup {
  readonly via = "in-process";
  asked: number[][] = [];
  constructor(readonly owners: Map<number, ProcessInfo>) {}
  lookup(inodes: readonly number[]): Promise<HelperAnswer> {
    this.asked.push([...inodes]);
    const owners = new Map<number, ProcessInfo>();
    for (const inode of inodes) {
      const owner = this.owners.get(inode);
      if (owner) owners.set(inode, owner);
    }
    return Promise.resolve({ owners, links: inodes.length, truncated: false });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function tcp(local: number, remote: string, remotePort: number, inode: number): SocketEntry {
  return {
    protocol: "tcp",
    localIp: HOST,
    localPort: local,
    remoteIp: remote,
    remotePort,
    state: 1,
    uid: 1000,
    inode,
  };
}

function setup(sockets: SocketEntry[], owners: [number, ProcessInfo][]) {
  const engine = new StatsEngine({ clock: "packet" });
  const lookup = new TableLookup(new Map(owners));
  const table = { sockets };
  let now = T0 * 1000;
  const attribution = new ProcessAttribution({
    flows: engine.flowTable,
    lookup,
    readSockets: () => table.sockets,
    localAddresses: () => new Set([HOST]),
    userName: (uid) => `user${uid}`,
    now: () => now,
  });
  const send = (spec: PacketSpec, times = 1) => {
    for (let i = 0; i < times; i++) engine.ingest(makePacket({ t: now / 1000, ...spec }));
  };
  const advance = (ms: number) => now += ms;
  const byPid = (pid: number) => attribution.rows(now).find((r) => r.pid === pid);
  return { engine, lookup, table, attribution, send, advance, byPid };
}

const CURL: ProcessInfo = { pid: 100, name: "curl", cmdline: "curl https://x", uid: 1000 };
const DIG: ProcessInfo = { pid: 200, name: "dig", cmdline: "dig example.org", uid: 0 };

Deno.test("ProcessAttribution gives each flow's bytes to the process holding its local socket", async () => {
  const udp: SocketEntry = {
    protocol: "udp",
    localIp: "0.0.0.0",
    localPort: 5353,
    remoteIp: "0.0.0.0",
    remotePort: 0,
    state: 7,
    uid: 0,
    inode: 12,
  };
  const { attribution, send, byPid } = setup([tcp(40000, "10.0.0.2", 443, 11), udp], [
    [11, CURL],
    [12, DIG],
  ]);
  send({ src: HOST, dst: "10.0.0.2", proto: "tcp", sport: 40000, dport: 443, len: 100 }, 3);
  send({ src: "10.0.0.2", dst: HOST, proto: "tcp", sport: 443, dport: 40000, len: 1000 }, 2);
  send({ src: HOST, dst: "10.0.0.9", proto: "udp", sport: 5353, dport: 53, len: 200 });
  // Nobody holds this one: counted unattributed, never given to curl or dig.
  send({ src: HOST, dst: "10.0.0.2", proto: "tcp", sport: 50000, dport: 80, len: 70 }, 4);
  // Two other hosts: no process of this host.
  send({ src: "10.0.0.5", dst: "10.0.0.6", proto: "udp", sport: 1, dport: 2, len: 500 });

  // Before a scan has run, new flows wait uncounted.
  attribution.account();
  assert.equal(attribution.rows().length, 0);
  assert.equal(attribution.unattributed.bytes, 0);

  await attribution.refresh();
  attribution.account();
  const curl = byPid(100)!;
  assert.deepEqual(
    [curl.name, curl.user, curl.upBytes, curl.upPackets, curl.downBytes, curl.downPackets],
    ["curl", "user1000", 300, 3, 2000, 2],
  );
  assert.equal(curl.flows, 1);
  assert.deepEqual([byPid(200)!.upBytes, byPid(200)!.downBytes], [200, 0]);
  assert.deepEqual(attribution.unattributed, { bytes: 280, packets: 4, flows: 1, liveFlows: 1 });
  assert.deepEqual(attribution.otherHosts, { bytes: 500, packets: 1, flows: 1, liveFlows: 1 });

  // Later traffic of a decided flow adds only what is new.
  send({ src: HOST, dst: "10.0.0.2", proto: "tcp", sport: 40000, dport: 443, len: 100 });
  attribution.account();
  assert.equal(byPid(100)!.upBytes, 400);
  assert.equal(attribution.endpointOwner("tcp", HOST, 40000)?.info.pid, 100);
  assert.equal(attribution.endpointOwner("tcp", "10.0.0.2", 443), null);
});

Deno.test("ProcessAttribution: a closed socket answers only for flows that began while it was seen", async () => {
  const { attribution, table, send, advance, byPid, lookup } = setup(
    [tcp(41000, "10.0.0.2", 443, 21)],
    [[21, CURL]],
  );
  await attribution.refresh(); // the socket is seen open
  advance(500);
  // Its flow's packets arrive, but the program has ended before the next scan.
  send({ src: HOST, dst: "10.0.0.2", proto: "tcp", sport: 41000, dport: 443, len: 90 }, 2);
  table.sockets = [];
  await attribution.refresh();
  advance(100);
  attribution.account(); // noticed now: it waits for the next scan
  await attribution.refresh();
  attribution.account();
  assert.equal(byPid(100)?.upBytes, undefined, "the flow began after the last scan that saw it");
  assert.equal(attribution.unattributed.bytes, 180);

  // A flow that began before the scan that saw the socket is the socket's.
  const second = setup([tcp(42000, "10.0.0.2", 443, 22)], [[22, CURL]]);
  second.send({ src: HOST, dst: "10.0.0.2", proto: "tcp", sport: 42000, dport: 443, len: 90 });
  second.advance(10);
  await second.attribution.refresh(); // seen open while the flow was already under way
  second.attribution.account(); // the flow is noticed now and waits for the next scan
  second.table.sockets = [];
  second.advance(500);
  await second.attribution.refresh(); // gone now
  second.attribution.account();
  assert.equal(second.byPid(100)?.upBytes, 90);
  assert.equal(second.attribution.unattributed.bytes, 0);
  assert.ok(lookup.asked.length >= 1);
});

Deno.test("ProcessAttribution asks about each socket once and keeps a known owner cached", async () => {
  const { attribution, lookup } = setup([tcp(43000, "10.0.0.2", 443, 31)], [[31, CURL]]);
  await attribution.refresh();
  await attribution.refresh();
  await attribution.refresh();
  assert.deepEqual(lookup.asked, [[31]]);
  assert.equal(attribution.refreshStats.owned, 1);
});

Deno.test("ProcessAttribution: a scan that cannot read the socket tables decides its flows unattributed and says why", async () => {
  const { attribution, table, send } = setup([], []);
  Object.defineProperty(table, "sockets", {
    get() {
      throw new Error("Cannot load libc.so.6");
    },
  });
  send({ src: HOST, dst: "10.0.0.2", proto: "udp", sport: 7000, dport: 53, len: 80 });
  attribution.account();
  await attribution.refresh(); // rejects nothing: the failure is reported, not thrown
  attribution.account();
  assert.equal(attribution.refreshStats.error, "Cannot load libc.so.6");
  assert.deepEqual([attribution.unattributed.bytes, attribution.rows().length], [80, 0]);
});
