import assert from "node:assert/strict";
import type { FlowRef, NameEvent } from "./inspect/name_event.ts";
import { MAX_ANSWER_CHAIN, nameBatch, NameBatcher } from "./name_batch.ts";

const flow: FlowRef = {
  src: "192.0.2.1",
  dst: "192.0.2.53",
  sport: 5353,
  dport: 53,
  proto: 17,
  tunneled: false,
};

Deno.test("NameBatcher turns queries into counts and sends a repeated answer once", () => {
  const batcher = new NameBatcher();
  const query = (name: string): NameEvent => ({
    kind: "dns-query",
    name,
    type: 1,
    transport: "udp",
    proto: "dns",
    flow,
  });
  const answer: NameEvent = {
    kind: "dns-answer",
    name: "a.example",
    type: 1,
    rcode: 0,
    addresses: ["198.51.100.1"],
    ttl: 60,
    transport: "udp",
    proto: "dns",
    flow,
  };
  const sni: NameEvent = { kind: "tls-sni", name: "a.example", flow };
  batcher.add([query("a.example"), query("b.example"), query("a.example"), answer, answer, sni]);
  assert.equal(batcher.size, 4);
  const batch = batcher.take();
  assert.deepEqual(batch.queryNames, ["a.example", "b.example"]);
  assert.deepEqual(batch.queryCounts, [2, 1]);
  assert.deepEqual(batch.answerNames, ["a.example"]);
  assert.deepEqual(batch.answerAddresses, ["198.51.100.1"]);
  assert.deepEqual(batch.answerCounts, [2]);
  assert.deepEqual(batch.answerTtls, [60]);
  assert.deepEqual(batch.events, [sni]);
  assert.equal(batcher.size, 0);
  assert.deepEqual(batcher.take(), nameBatch({}));
});

Deno.test("NameBatcher as a DnsSink condenses like add() and keeps the latest TTL", () => {
  const batcher = new NameBatcher();
  batcher.query("a.example");
  batcher.answer("a.example", 0, 60, "198.51.100.1");
  batcher.answer("a.example", 3, -1, "");
  batcher.answer("a.example", 0, 30, "198.51.100.1");
  batcher.answer("a.example", 0, 30, "198.51.100.1,198.51.100.2");
  batcher.query("a.example");
  const batch = batcher.take();
  assert.deepEqual(batch.queryNames, ["a.example"]);
  assert.deepEqual(batch.queryCounts, [2]);
  assert.deepEqual(batch.answerAddresses, ["198.51.100.1", "", "198.51.100.1,198.51.100.2"]);
  assert.deepEqual(batch.answerRcodes, [0, 3, 0]);
  assert.deepEqual(batch.answerCounts, [2, 1, 1]);
  assert.deepEqual(batch.answerTtls, [30, -1, 30]);
});

Deno.test("NameBatcher keeps answer totals exact past MAX_ANSWER_CHAIN address sets of a name", () => {
  const batcher = new NameBatcher();
  const sets = MAX_ANSWER_CHAIN * 3;
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < sets; i++) batcher.answer("pool.example", 0, 60, `192.0.2.${i}`);
  }
  const batch = batcher.take();
  assert.equal(batch.answerCounts.reduce((a, b) => a + b, 0), 2 * sets);
  const perSet = new Map<string, number>();
  batch.answerAddresses.forEach((a, i) =>
    perSet.set(a, (perSet.get(a) ?? 0) + batch.answerCounts[i]!)
  );
  assert.equal(perSet.size, sets);
  assert.ok([...perSet.values()].every((n) => n === 2));
  assert.ok(batch.answerNames.length <= 2 * sets);
});
