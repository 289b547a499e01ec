import assert from "node:assert/strict";
import { PacketRecord } from "./packet_record.ts";
import { Control, PacketRing } from "./packet_ring.ts";
import { RingDrain } from "./ring_drain.ts";

/** A ring holding `count` published records (blank packets: the consumer only counts them). */
function filledRing(count: number): PacketRing {
  const ring = new PacketRing(8192);
  const record = new PacketRecord();
  for (let seq = 0; seq < count; seq++) record.write(ring.records, ring.slot(seq));
  Atomics.store(ring.control, Control.writeSeq, count);
  return ring;
}

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* a packet that costs this much */ }
}

Deno.test("RingDrain sizes chunks by what packets cost, so dear packets end a slice near its deadline", async () => {
  // Each packet costs 50 µs, 100 times a known flow's: a flood of new flows. Whole 4,096-packet
  // chunks would hold the thread ~200 ms a slice; after the first chunk has shown the cost, a
  // slice must hand out about 8 ms worth (160) and at most a minimum chunk (64) more.
  const COST_MS = 0.05;
  const total = 4096 + 1200;
  const ring = filledRing(total);
  const perSlice: number[] = [];
  let inSlice = 0;
  const drain = new RingDrain(ring, {
    onPacket: () => {
      inSlice++;
      spin(COST_MS);
    },
    onBatch: () => {
      perSlice.push(inSlice);
      inSlice = 0;
    },
  }, undefined);
  drain.end({ type: "end", reason: "eof", packetsRead: total });
  await drain.done;
  assert.equal(perSlice.reduce((a, b) => a + b, 0), total, "every packet handed out once");
  const later = perSlice.slice(1);
  assert.ok(later.length >= 5, `slices after the first: ${later.join(", ")}`);
  for (const n of later) assert.ok(n <= 160 + 64, `a slice handed out ${n} packets: ${later}`);
});

Deno.test("RingDrain hands cheap packets out in whole chunks of up to 4,096", async () => {
  const total = 8000;
  const ring = filledRing(total);
  const following: number[] = [];
  const drain = new RingDrain(ring, {
    onPacket: (_p, _f, n) => following.push(n),
  }, undefined);
  drain.end({ type: "end", reason: "eof", packetsRead: total });
  await drain.done;
  assert.equal(following.length, total);
  // The first packet of the first chunk is told the rest of its chunk follows.
  assert.equal(following[0], 4095);
  assert.equal(following[4095], 0);
});
