import assert from "node:assert/strict";
import { ConversationCounter } from "./conversation_counter.ts";
import { hashWords } from "../capture/key_hash.ts";
import { FLOW_KEY_WORDS } from "../capture/packet_keys.ts";

const SEED = 99;

function conv(proto: number, a: number, b: number, sport: number, dport: number): Uint32Array {
  return new Uint32Array([
    (1 << 24) | (4 << 16) | proto,
    a,
    0,
    0,
    0,
    b,
    0,
    0,
    0,
    (sport << 16) | dport,
  ]);
}

function add(c: ConversationCounter, key: Uint32Array): void {
  c.add(key, hashWords(key, FLOW_KEY_WORDS, SEED));
}

Deno.test("ConversationCounter counts distinct TCP and UDP keys exactly below the limit", () => {
  const c = new ConversationCounter(16, SEED);
  add(c, conv(6, 1, 2, 1000, 80));
  add(c, conv(6, 1, 2, 1000, 80));
  add(c, conv(6, 1, 2, 1001, 80));
  add(c, conv(17, 1, 2, 1000, 80));
  assert.deepEqual(c.counts(), { tcp: 2, udp: 1 });
  assert.ok(c.exact);
});

Deno.test("ConversationCounter stays exact at the limit and estimates one key past it", () => {
  const limit = 1000;
  const c = new ConversationCounter(limit, SEED);
  for (let i = 0; i < limit; i++) add(c, conv(i % 2 === 0 ? 6 : 17, i, 7, 1, 2));
  assert.ok(c.exact);
  assert.deepEqual(c.counts(), { tcp: 500, udp: 500 });
  add(c, conv(6, 123456, 7, 1, 2));
  assert.equal(c.exact, false);
  const { tcp, udp } = c.counts();
  // HyperLogLog's linear-counting range is near exact for a few hundred keys.
  assert.ok(Math.abs(tcp - 501) <= 5, `tcp ${tcp}`);
  assert.ok(Math.abs(udp - 500) <= 5, `udp ${udp}`);
});

Deno.test("ConversationCounter estimates 300,000 conversations within 3% past the limit", () => {
  const c = new ConversationCounter(10_000, SEED);
  for (let i = 0; i < 300_000; i++) add(c, conv(17, i, 0x0a000001, 1234, 53));
  const { udp } = c.counts();
  assert.equal(c.exact, false);
  assert.ok(Math.abs(udp - 300_000) / 300_000 < 0.03, `udp ${udp}`);
});
