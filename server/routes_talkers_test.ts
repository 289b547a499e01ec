import assert from "node:assert/strict";
import { openDatabase } from "../store/database.ts";
import { TalkerStore } from "../store/talker_store.ts";
import type { HostRow } from "../stats/host_table.ts";
import { Router } from "./router.ts";
import { talkersRoute } from "./routes_talkers.ts";

const HOUR = 3_600_000;
const NOW = 1000 * HOUR;

function host(ip: string, bytes: number): HostRow {
  return {
    ip,
    packets: bytes / 100,
    bytes,
    txPackets: bytes / 100,
    txBytes: bytes,
    rxPackets: 0,
    rxBytes: 0,
    txBps: [0, 0, 0],
    rxBps: [0, 0, 0],
  };
}

Deno.test("GET /api/talkers/hourly lists each kept hour's talkers, oldest hour first", async () => {
  const talkers = new TalkerStore(openDatabase(":memory:"));
  talkers.record(NOW - 30 * HOUR, [host("10.0.0.9", 900)]);
  talkers.record(NOW - 2 * HOUR, [host("10.0.0.1", 1000), host("10.0.0.2", 500)]);
  talkers.record(NOW - HOUR, [host("10.0.0.1", 4000)]);
  const router = new Router().add("/api/talkers/hourly", talkersRoute(talkers, () => NOW));
  const get = (q: string) => router.handle(new Request(`http://localhost/api/talkers/hourly${q}`));
  const body = await (await get("")).json();
  assert.deepEqual(body.hours, [
    {
      hourMs: NOW - 2 * HOUR,
      talkers: [{ ip: "10.0.0.1", packets: 10, bytes: 1000 }, {
        ip: "10.0.0.2",
        packets: 5,
        bytes: 500,
      }],
    },
    { hourMs: NOW - HOUR, talkers: [{ ip: "10.0.0.1", packets: 30, bytes: 3000 }] },
  ]);
  assert.equal((await (await get("?hours=48")).json()).hours.length, 3);
  const bad = await get("?hours=0");
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.parameter, "hours");
});
