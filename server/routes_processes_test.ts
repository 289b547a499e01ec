import assert from "node:assert/strict";
import { RUNNING, testServer } from "./_test_server.ts";
import { createHandler } from "./handler.ts";
import { processReport, unavailableReport } from "../procs/process_report.ts";
import { ProcessAttribution } from "../procs/process_attribution.ts";
import { InProcessLookup } from "../procs/owner_lookup.ts";
import type { ProcessSource } from "./routes_processes.ts";
import { DecodedPacket } from "../capture/decode/packet.ts";
import { fillPacket } from "../stats/_test_packet.ts";
import type { SocketEntry } from "../procs/proc_net.ts";
import type { HelperAnswer } from "../procs/helper_protocol.ts";
import type { ProcessInfo } from "../procs/socket_owners.ts";

const HOST = "10.1.0.1";

/** Three programs of 10.1.0.1, each with one UDP socket and a known amount sent. */
async function threePrograms(): Promise<ProcessSource> {
  const server = testServer({ packets: [] });
  const owners = new Map<number, ProcessInfo>([
    [1, { pid: 30, name: "zeta", cmdline: "zeta", uid: 0 }],
    [2, { pid: 10, name: "alpha", cmdline: "alpha", uid: 0 }],
    [3, { pid: 20, name: "mid", cmdline: "mid", uid: 0 }],
  ]);
  const sockets: SocketEntry[] = [1, 2, 3].map((inode) => ({
    protocol: "udp",
    localIp: HOST,
    localPort: 5000 + inode,
    remoteIp: "0.0.0.0",
    remotePort: 0,
    state: 7,
    uid: 0,
    inode,
  }));
  const lookup = new class extends InProcessLookup {
    override lookup(inodes: readonly number[]): Promise<HelperAnswer> {
      const found = new Map(inodes.flatMap((i) => owners.has(i) ? [[i, owners.get(i)!]] : []));
      return Promise.resolve({ owners: found, links: 0, truncated: false });
    }
  }();
  const attribution = new ProcessAttribution({
    flows: server.engine.flowTable,
    lookup,
    readSockets: () => sockets,
    localAddresses: () => new Set([HOST]),
  });
  const p = new DecodedPacket();
  const t = Date.now() / 1000;
  // zeta sends 3 x 400 bytes, alpha 1 x 1000, mid 2 x 100.
  const sends: [number, number, number][] = [[5001, 400, 3], [5002, 1000, 1], [5003, 100, 2]];
  for (const [port, len, times] of sends) {
    for (let i = 0; i < times; i++) {
      server.engine.ingest(
        fillPacket(p, { t, src: HOST, dst: "10.1.0.9", proto: "udp", sport: port, dport: 53, len }),
      );
    }
  }
  attribution.account();
  await attribution.refresh();
  attribution.account();
  return (query) => processReport(attribution, query);
}

function handlerWith(processes: ProcessSource) {
  const server = testServer({ packets: [] });
  const handle = createHandler({
    engine: server.engine,
    hub: server.hub,
    status: () => RUNNING,
    processes,
  });
  return (path: string) => handle(new Request(`http://localhost${path}`));
}

Deno.test("GET /api/processes sorts by bytes by default, and by any listed key and order", async () => {
  const get = handlerWith(await threePrograms());
  const names = async (path: string) => {
    const response = await get(path);
    assert.equal(response.status, 200, path);
    return (await response.json()).processes.map((p: { name: string }) => p.name);
  };
  assert.deepEqual(await names("/api/processes"), ["zeta", "alpha", "mid"]);
  assert.deepEqual(await names("/api/processes?sort=packets"), ["zeta", "mid", "alpha"]);
  assert.deepEqual(await names("/api/processes?sort=up&order=asc"), ["mid", "alpha", "zeta"]);
  assert.deepEqual(await names("/api/processes?sort=name"), ["alpha", "mid", "zeta"]);
  assert.deepEqual(await names("/api/processes?sort=pid&order=desc&limit=2"), ["zeta", "mid"]);
  const body = await (await get("/api/processes?limit=1")).json();
  assert.deepEqual([body.total, body.processes.length, body.available], [3, 1, true]);
  assert.equal(body.processes[0].upBytes, 1200);
});

Deno.test("GET /api/processes refuses unknown sorts and parameters with a 400 naming them", async () => {
  const get = handlerWith(await threePrograms());
  for (
    const [path, word] of [
      ["/api/processes?sort=cpu", "sort"],
      ["/api/processes?limit=1001", "limit"],
      ["/api/processes?order=up", "order"],
      ["/api/processes?pid=1", "pid"],
    ]
  ) {
    const response = await get(path!);
    assert.equal(response.status, 400, path);
    assert.match((await response.json()).error.message, new RegExp(word!));
  }
});

Deno.test("GET /api/processes without attribution says why and lists nothing", async () => {
  const get = handlerWith(() => unavailableReport("a file has no processes"));
  const body = await (await get("/api/processes")).json();
  assert.deepEqual([body.available, body.reason, body.processes], [
    false,
    "a file has no processes",
    [],
  ]);
});
