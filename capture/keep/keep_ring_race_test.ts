import assert from "node:assert/strict";
import { createKeepBuffer } from "./keep_ring.ts";
import { KeepRingReader } from "./keep_ring_reader.ts";

/**
 * Packets a second thread writes while this one reads: enough for the 64 KiB ring to be
 * overwritten hundreds of times, bounded so the test ends by itself.
 */
const PACKETS = 200_000;
/** How long each walk stalls after its first packet, so that the writer overtakes it. */
const PAUSE_MS = 5;

Deno.test("KeepRingWalk beside a writing thread returns only whole packets, and counts the rest lost", async () => {
  const buffer = createKeepBuffer(65_536);
  const reader = new KeepRingReader(buffer);
  const worker = new Worker(new URL("./_test_keep_writer.ts", import.meta.url), { type: "module" });
  let done = false;
  const finished = new Promise<void>((resolve) => {
    worker.onmessage = () => {
      done = true;
      resolve();
    };
  });
  worker.postMessage({ buffer, count: PACKETS });
  let read = 0;
  let lost = 0;
  try {
    while (!done) {
      const walk = reader.walk();
      let first = true;
      while (walk.next()) {
        if (first) {
          // Fall behind on purpose: the writer laps the small ring meanwhile (~1 µs a packet).
          first = false;
          const until = performance.now() + PAUSE_MS;
          while (performance.now() < until) { /* busy: a timer would let the walk end early */ }
        }
        const p = walk.packet;
        const i = p.tsSec - 1_700_000_000;
        // Every field and every byte must belong to the same packet: none torn by the writer.
        assert.equal(p.caplen, 40 + (i * 53) % 1400, `packet ${i}'s caplen`);
        assert.equal(p.wireLen, p.caplen + 10);
        assert.equal(p.tsNsec, i % 1_000_000_000);
        assert.equal(p.seq, i, "the sequence number is the packet's");
        const frame = p.frame;
        for (let k = 0; k < p.caplen; k++) {
          if (frame[k] !== (i & 0xff)) assert.fail(`packet ${i} torn at byte ${k}`);
        }
        read++;
      }
      lost += walk.lost;
      // Let the event loop see the worker's message.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    await finished;
    worker.terminate();
  }
  assert.ok(read > 0, "packets were read while the writer wrote");
  assert.ok(lost > 0, "the writer overtook the reader: the lost path ran");
});
