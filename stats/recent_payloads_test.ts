import assert from "node:assert/strict";
import { DecodedPacket } from "../capture/decode/packet.ts";
import { MAX_KEPT_PAYLOAD_BYTES, RecentPayloads } from "./recent_payloads.ts";

/** A packet whose kept view holds `text` at an offset, as the drain leaves it. */
function packetWith(text: string, captured = text.length): DecodedPacket {
  const p = new DecodedPacket();
  const bytes = new TextEncoder().encode(`xx${text}yy`);
  p.kept = bytes;
  p.keptOffset = 2;
  p.keptLength = text.length;
  p.keptOf = captured;
  return p;
}

const hexOf = (text: string) =>
  [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, "0")).join("");

Deno.test("RecentPayloads keeps each packet's first bytes under its seq, and no more", () => {
  const payloads = new RecentPayloads(4, 8);
  payloads.push(packetWith("GET / HTTP/1.1", 14), 1);
  payloads.push(packetWith("hi"), 2);
  payloads.push(packetWith(""), 3);
  assert.deepEqual(payloads.payload(1), { seq: 1, captured: 14, hex: hexOf("GET / HT") });
  assert.deepEqual(payloads.payload(2), { seq: 2, captured: 2, hex: hexOf("hi") });
  assert.deepEqual(payloads.payload(3), { seq: 3, captured: 0, hex: "" });
  assert.equal(payloads.payload(4), null);
});

Deno.test("RecentPayloads forgets a packet once the list has moved past it", () => {
  const payloads = new RecentPayloads(2, 4);
  for (let seq = 1; seq <= 3; seq++) payloads.push(packetWith(`p${seq}`), seq);
  assert.equal(payloads.payload(1), null);
  assert.equal(payloads.payload(3)?.hex, hexOf("p3"));
});

Deno.test("RecentPayloads refuses more than MAX_KEPT_PAYLOAD_BYTES per packet, or none", () => {
  assert.throws(() => new RecentPayloads(4, MAX_KEPT_PAYLOAD_BYTES + 1), RangeError);
  assert.throws(() => new RecentPayloads(4, 0), RangeError);
  assert.equal(new RecentPayloads(4, MAX_KEPT_PAYLOAD_BYTES).bytesPerPacket, 256);
});
