import assert from "node:assert/strict";
import { createKeepBuffer, RECORD_HEADER_BYTES, recordBytes } from "./keep_ring.ts";
import { KeepRingWriter } from "./keep_ring_writer.ts";
import { KeepRingReader } from "./keep_ring_reader.ts";

/** A frame whose bytes all say which packet it is, so a torn copy shows. */
function frame(i: number, caplen: number): DataView {
  const bytes = new Uint8Array(caplen + 3).fill(i & 0xff);
  return new DataView(bytes.buffer, 3);
}

function writeAll(writer: KeepRingWriter, lengths: number[], from = 0): void {
  lengths.forEach((caplen, k) => {
    const i = from + k;
    writer.write(1, frame(i, caplen), 0, caplen, caplen + 10, 1_700_000_000 + i, i * 1000);
  });
}

function readAll(reader: KeepRingReader) {
  const walk = reader.walk();
  const out: { i: number; caplen: number; wireLen: number; tsNsec: number }[] = [];
  while (walk.next()) {
    const p = walk.packet;
    const i = p.tsSec - 1_700_000_000;
    const bytes = p.frame.subarray(0, p.caplen);
    assert.ok(bytes.every((b) => b === (i & 0xff)), `packet ${i} copied whole`);
    out.push({ i, caplen: p.caplen, wireLen: p.wireLen, tsNsec: p.tsNsec });
  }
  return { out, lost: walk.lost };
}

Deno.test("KeepRing keeps every packet, in order, while they fit", () => {
  const buffer = createKeepBuffer(4096);
  const writer = new KeepRingWriter(buffer);
  const lengths = [60, 61, 62, 63, 64, 1];
  writeAll(writer, lengths);
  const reader = new KeepRingReader(buffer);
  const { out, lost } = readAll(reader);
  assert.equal(lost, 0);
  assert.deepEqual(out.map((p) => p.caplen), lengths);
  assert.deepEqual(out.map((p) => p.wireLen), lengths.map((n) => n + 10));
  assert.deepEqual(out.map((p) => p.tsNsec), [0, 1000, 2000, 3000, 4000, 5000]);
  assert.equal(reader.state().packets, 6);
  assert.deepEqual(reader.state().newest, [1_700_000_005, 5000]);
});

Deno.test("KeepRing past its size keeps exactly the newest packets that fit", () => {
  const size = 1000;
  const buffer = createKeepBuffer(size);
  const writer = new KeepRingWriter(buffer);
  const reader = new KeepRingReader(buffer);
  // Uneven sizes so records wrap at every possible distance from the end.
  const lengths = Array.from({ length: 500 }, (_, i) => (i * 37) % 200);
  for (let n = 0; n < lengths.length; n++) {
    writeAll(writer, [lengths[n]!], n);
    const { out, lost } = readAll(reader);
    assert.equal(lost, 0);
    const first = n + 1 - out.length;
    assert.deepEqual(out.map((p) => p.i), Array.from({ length: out.length }, (_, k) => first + k));
    const used = out.reduce((sum, p) => sum + recordBytes(p.caplen), 0);
    assert.ok(used <= size);
    // One packet more would not have fitted (records never straddle the end: up to one
    // record's worth of room can go unused at the wrap).
    if (first > 0) {
      const older = recordBytes(lengths[first - 1]!);
      assert.ok(used + older > size - recordBytes(199), `packet ${first - 1} had to go`);
    }
  }
});

Deno.test("KeepRing never keeps a packet bigger than the ring, and counts it", () => {
  const buffer = createKeepBuffer(256);
  const writer = new KeepRingWriter(buffer);
  writeAll(writer, [100, 300, 50]);
  const reader = new KeepRingReader(buffer);
  assert.deepEqual(readAll(reader).out.map((p) => p.caplen), [100, 50]);
  assert.equal(reader.state().tooBig, 1);
});

Deno.test("KeepRingWalk counts the packets overwritten under it and returns none torn", () => {
  const buffer = createKeepBuffer(2000);
  const writer = new KeepRingWriter(buffer);
  writeAll(writer, Array(20).fill(72)); // 100 bytes a record: all 20 fit
  const reader = new KeepRingReader(buffer);
  const walk = reader.walk();
  assert.ok(walk.next());
  assert.ok(walk.next());
  assert.equal(walk.packet.tsSec, 1_700_000_001);
  // The worker writes 5 more: the 5 oldest go, 3 of which the walk had not read yet.
  writeAll(writer, Array(5).fill(72), 20);
  const seen: number[] = [];
  while (walk.next()) seen.push(walk.packet.tsSec - 1_700_000_000);
  assert.equal(walk.lost, 3);
  // The walk ends where the head was when it began: packets 5 to 19.
  assert.deepEqual(seen, Array.from({ length: 15 }, (_, k) => 5 + k));
  assert.equal(RECORD_HEADER_BYTES + 72, 100);
});
