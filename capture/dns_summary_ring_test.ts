import assert from "node:assert/strict";
import { DNS_SUMMARY_SLOTS, DnsSummary, DnsSummaryRing } from "./dns_summary_ring.ts";

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
/** A query for `example.com`, type A, with ID `id`. */
function query(id: number): DataView {
  const bytes = Uint8Array.from([
    id >> 8,
    id & 0xff,
    1,
    0,
    0,
    1,
    0,
    0,
    0,
    0,
    0,
    0,
    7,
    ...ascii("example"),
    3,
    ...ascii("com"),
    0,
    0,
    1,
    0,
    1,
  ]);
  return new DataView(bytes.buffer);
}

Deno.test("a packet keeps its first message; a slot taken by a later packet reads as none", () => {
  const ring = new DnsSummaryRing();
  const summary = new DnsSummary();
  ring.seq = 5;
  ring.write(query(1), 0, query(1).byteLength);
  ring.write(query(2), 0, query(2).byteLength);
  assert.ok(ring.read(5, summary));
  assert.equal(summary.id, 1);
  // Never written: the slot of packet 6 has no tag of its own.
  assert.ok(!ring.read(6, summary));
  ring.seq = 5 + DNS_SUMMARY_SLOTS;
  ring.write(query(3), 0, query(3).byteLength);
  assert.ok(!ring.read(5, summary));
  assert.ok(ring.read(5 + DNS_SUMMARY_SLOTS, summary));
  assert.equal(summary.id, 3);
});

Deno.test("a worker attached to the buffer writes what the main thread reads", () => {
  const main = new DnsSummaryRing();
  const worker = new DnsSummaryRing(main.buffer);
  worker.seq = -3; // sequence numbers wrap to negative 32-bit values
  worker.write(query(0xbeef), 0, query(0xbeef).byteLength);
  const summary = new DnsSummary();
  assert.ok(main.read(-3, summary));
  assert.deepEqual([summary.id, summary.flags, summary.qtype, summary.nameLength], [
    0xbeef,
    0x0100,
    1,
    12,
  ]);
  assert.equal(String.fromCharCode(...summary.nameBytes.subarray(1, 8)), "example");
});
