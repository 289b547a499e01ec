import assert from "node:assert/strict";
import { DecodedPacket, L4 } from "./decode/packet.ts";
import { PayloadRing } from "./payload_ring.ts";

/** A frame in a buffer exactly its length, so a read past its end throws. */
function frame(bytes: number[]): DataView {
  return new DataView(new Uint8Array(bytes).buffer);
}

function decoded(offset: number, captured: number): DecodedPacket {
  const p = new DecodedPacket();
  p.l4 = L4.udp;
  p.payloadOffset = offset;
  p.payloadCaptured = captured;
  return p;
}

Deno.test("PayloadRing hands the main thread the first bytes the worker kept, by seq", () => {
  const worker = new PayloadRing(4, 3);
  const main = new PayloadRing(4, 3, worker.buffer);
  const data = frame([9, 9, 0x41, 0x42, 0x43, 0x44]);
  worker.write(5, data, data.byteLength, decoded(2, 4));
  worker.write(6, data, data.byteLength, decoded(0, 0));
  const p = new DecodedPacket();
  main.read(5, p);
  assert.equal(p.keptLength, 3);
  assert.equal(p.keptOf, 4);
  assert.deepEqual([...p.kept.subarray(p.keptOffset, p.keptOffset + p.keptLength)], [
    0x41,
    0x42,
    0x43,
  ]);
  main.read(6, p);
  assert.equal(p.keptLength, 0);
  assert.equal(p.keptOf, 0);
});

Deno.test("PayloadRing never reads past the frame, whatever the decoder claimed", () => {
  const ring = new PayloadRing(2, 64);
  const data = frame([1, 2, 3]);
  // A payload said to run past the end of the frame is cut at the frame's end.
  ring.write(0, data, data.byteLength, decoded(1, 50));
  const p = new DecodedPacket();
  ring.read(0, p);
  assert.equal(p.keptLength, 2);
  // A payload said to start past the end keeps nothing.
  ring.write(1, data, data.byteLength, decoded(7, 4));
  ring.read(1, p);
  assert.equal(p.keptLength, 0);
});
