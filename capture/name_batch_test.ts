import assert from "node:assert/strict";
import type { FlowRef, NameEvent } from "./inspect/name_event.ts";
import { nameBatch, NameBatcher } from "./name_batch.ts";

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
