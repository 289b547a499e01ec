/**
 * A capture started with `hashSeed` hands `onPacket` the worker's `FlowHint` while the ring is
 * filling up, and a statistics engine fed those hints counts exactly what it counts without. A
 * held capture opens its source and reads nothing until released.
 */
import assert from "node:assert/strict";
import { CaptureSession } from "./capture_session.ts";
import { StatsEngine } from "../stats/engine.ts";
import type { FlowHint } from "./flow_key.ts";
import { capturePath } from "../tests/support/captures.ts";

/** Real captures with many flows, tunnels and link types between them. */
const FILES = ["lan_mix_alexa_echo.pcapng", "dns_qinq_pppoe_merged.pcap", "nmap_syn_scan.pcap"];
const SEED = 0x5eed;
/** A ring this small is full after four packets, so the worker starts hinting at once. */
const TINY_RING = 4;

async function countFile(name: string, hinted: boolean) {
  const engine = new StatsEngine({ clock: "packet", hashSeed: SEED, epochNow: () => 0 });
  let hints = 0;
  const session = await CaptureSession.start({
    source: { kind: "file", path: capturePath(name) },
    ringCapacity: TINY_RING,
    ...(hinted ? { hashSeed: engine.options.hashSeed } : {}),
    onPacket(packet, flow?: FlowHint) {
      if (flow !== undefined) hints++;
      engine.ingest(packet, flow);
    },
  });
  assert.equal((await session.done).reason, "eof");
  return {
    hints,
    stats: {
      snapshot: engine.snapshot(),
      flows: engine.flows({ limit: 1000 }),
      packets: engine.packets(),
      hosts: engine.hosts("tx-bytes", 1000),
    },
  };
}

for (const name of FILES) {
  Deno.test(`CaptureSession with hashSeed gives the engine flow hints that count the same: ${name}`, async () => {
    const plain = await countFile(name, false);
    const hinted = await countFile(name, true);
    assert.equal(plain.hints, 0);
    assert.ok(hinted.hints > 0);
    assert.ok(hinted.stats.snapshot.flows.created > 0);
    assert.deepEqual(hinted.stats, plain.stats);
  });
}

/** Long enough for a worker that was not held to read a whole corpus file many times over. */
const HELD_WAIT_MS = 500;

Deno.test("a held CaptureSession opens its file but reads no packet until release()", async () => {
  let packets = 0;
  const session = await CaptureSession.start({
    source: { kind: "file", path: capturePath(FILES[0]!) },
    held: true,
    onPacket() {
      packets++;
    },
  });
  assert.equal(session.info.linkTypeName, "EN10MB");
  await new Promise((resolve) => setTimeout(resolve, HELD_WAIT_MS));
  assert.equal(packets, 0, "read while held");
  session.release();
  session.release(); // a second release changes nothing
  const end = await session.done;
  assert.equal(end.reason, "eof");
  assert.equal(packets, end.packetsRead);
  assert.ok(packets > 0);
});

Deno.test("stop() ends a held CaptureSession that was never released, reading nothing", async () => {
  let packets = 0;
  const session = await CaptureSession.start({
    source: { kind: "file", path: capturePath(FILES[0]!) },
    held: true,
    onPacket() {
      packets++;
    },
  });
  const end = await session.stop();
  assert.equal(packets, 0);
  assert.equal(end.packetsRead, 0);
});
