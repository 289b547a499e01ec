import assert from "node:assert/strict";
import type { FlowRef, NameEvent } from "./inspect/name_event.ts";
import { answerJoined } from "./_test_name_batch.ts";
import {
  LEARNED_FIELDS,
  NAME_DICTIONARY_STRINGS,
  type NameBatch,
  nameBatch,
  NameBatcher,
  NAMES_KEPT_PER_ADDRESS,
  NameStrings,
  NO_STRING,
} from "./name_batch.ts";

const flow: FlowRef = {
  src: "192.0.2.1",
  dst: "192.0.2.53",
  sport: 5353,
  dport: 53,
  proto: 17,
  tunneled: false,
};

/** A batch's `learned` steps as "address name ttl", read through `strings` (fed the batch). */
function learnedOf(batch: NameBatch, strings = new NameStrings()): string[] {
  strings.receive(batch);
  const steps: string[] = [];
  for (let i = 0; i < batch.learned.length; i += LEARNED_FIELDS) {
    const [address, name, ttl] = batch.learned.subarray(i, i + LEARNED_FIELDS);
    steps.push(`${strings.at(address!)} ${strings.at(name!)} ${ttl}`);
  }
  return steps;
}

Deno.test("NameBatcher turns queries into counts and responses into RCODE counts and steps", () => {
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
  assert.equal(batcher.size, 5, "two query names, two steps, one event");
  const batch = batcher.take();
  assert.deepEqual(batch.queryNames, ["a.example", "b.example"]);
  assert.deepEqual(batch.queryCounts, [2, 1]);
  assert.deepEqual(batch.rcodes, [0]);
  assert.deepEqual(batch.rcodeCounts, [2]);
  assert.deepEqual(learnedOf(batch), ["198.51.100.1 a.example 60"], "the repeat undoes the first");
  assert.deepEqual(batch.events, [sni]);
  assert.equal(batcher.size, 0);
  assert.deepEqual(batcher.take(), nameBatch({ stringsFrom: 2 }));
});

Deno.test("NameBatcher as a DnsSink counts every RCODE and learns only from addresses", () => {
  const batcher = new NameBatcher();
  batcher.query("a.example");
  answerJoined(batcher, "a.example", 0, 60, "198.51.100.1");
  answerJoined(batcher, "gone.example", 3, -1, "");
  answerJoined(batcher, "b.example", 0, 30, "198.51.100.1,198.51.100.2");
  answerJoined(batcher, "a.example", 2, 30, "198.51.100.1");
  const batch = batcher.take();
  assert.deepEqual(batch.rcodes, [0, 3, 2]);
  assert.deepEqual(batch.rcodeCounts, [2, 1, 1]);
  assert.equal(batch.strings.includes("gone.example"), false, "a name without addresses");
  assert.deepEqual(learnedOf(batch), [
    "198.51.100.1 b.example 30",
    "198.51.100.2 b.example 30",
    "198.51.100.1 a.example 30",
  ]);
});

Deno.test("NameBatcher.response() reads only the first `count` addresses of a reused array", () => {
  const batcher = new NameBatcher();
  const reused = ["198.51.100.1", "198.51.100.2", "198.51.100.9"];
  batcher.response("a.example", 0, 60, reused, 2);
  batcher.response("b.example", 0, 30, reused, 0);
  const batch = batcher.take();
  assert.deepEqual(batch.strings, ["198.51.100.1", "198.51.100.2", "a.example"]);
  assert.deepEqual(batch.rcodeCounts, [2]);
  assert.deepEqual(learnedOf(batch), ["198.51.100.1 a.example 60", "198.51.100.2 a.example 60"]);
});

Deno.test("NameBatcher keeps an address's first step once a new address follows it", () => {
  const batcher = new NameBatcher();
  answerJoined(batcher, "a.example", 0, 10, "192.0.2.1");
  answerJoined(batcher, "b.example", 0, 20, "192.0.2.2");
  answerJoined(batcher, "b.example", 0, 30, "192.0.2.1");
  answerJoined(batcher, "a.example", 0, 40, "192.0.2.1");
  assert.deepEqual(learnedOf(batcher.take()), [
    "192.0.2.1 a.example 10",
    "192.0.2.2 b.example 20",
    "192.0.2.1 b.example 30",
    "192.0.2.1 a.example 40",
  ]);
});

Deno.test("NameBatcher passes the largest TTL the wire can carry unchanged", () => {
  const batcher = new NameBatcher();
  answerJoined(batcher, "far.example", 0, 0xffff_ffff, "192.0.2.1");
  assert.deepEqual(learnedOf(batcher.take()), [`192.0.2.1 far.example ${0xffff_ffff}`]);
});

Deno.test("NameBatcher drops the older step of a name while no new address came between", () => {
  const batcher = new NameBatcher();
  answerJoined(batcher, "a.example", 0, 10, "192.0.2.1");
  answerJoined(batcher, "b.example", 0, 20, "192.0.2.1");
  answerJoined(batcher, "c.example", 0, 30, "192.0.2.2");
  answerJoined(batcher, "b.example", 0, 40, "192.0.2.1");
  answerJoined(batcher, "a.example", 0, 50, "192.0.2.1");
  assert.deepEqual(learnedOf(batcher.take()), [
    "192.0.2.1 b.example 20",
    "192.0.2.2 c.example 30",
    "192.0.2.1 b.example 40",
    "192.0.2.1 a.example 50",
  ]);
});

Deno.test("NameBatcher drops a step pushed out by NAMES_KEPT_PER_ADDRESS newer names", () => {
  const batcher = new NameBatcher();
  for (let i = 0; i < NAMES_KEPT_PER_ADDRESS + 2; i++) {
    answerJoined(batcher, `h${i}.example`, 0, 60, "192.0.2.1");
  }
  const kept = Array.from({ length: NAMES_KEPT_PER_ADDRESS }, (_, i) => `h${i + 2}.example`);
  assert.deepEqual(learnedOf(batcher.take()), kept.map((name) => `192.0.2.1 ${name} 60`));
});

Deno.test("NameBatcher sends each string once; later batches name it by number", () => {
  const batcher = new NameBatcher();
  const strings = new NameStrings();
  answerJoined(batcher, "a.example", 0, 60, "198.51.100.1,198.51.100.2");
  const first = batcher.take();
  assert.deepEqual(first.strings, ["198.51.100.1", "198.51.100.2", "a.example"]);
  assert.equal(first.stringsFrom, 0);
  learnedOf(first, strings);
  answerJoined(batcher, "a.example", 0, 60, "198.51.100.2");
  answerJoined(batcher, "b.example", 0, 60, "198.51.100.1");
  const second = batcher.take();
  assert.deepEqual(second.strings, ["b.example"]);
  assert.equal(second.stringsFrom, 3);
  assert.deepEqual(learnedOf(second, strings), [
    "198.51.100.2 a.example 60",
    "198.51.100.1 b.example 60",
  ]);
});

Deno.test("NameBatcher starts its dictionary over past NAME_DICTIONARY_STRINGS", () => {
  const batcher = new NameBatcher();
  const strings = new NameStrings();
  const address = (i: number) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`;
  for (let i = 0; i < NAME_DICTIONARY_STRINGS; i++) {
    answerJoined(batcher, "big.example", 0, 60, address(i));
  }
  const full = batcher.take();
  assert.equal(full.strings.length, NAME_DICTIONARY_STRINGS + 1);
  learnedOf(full, strings);
  assert.equal(strings.size, NAME_DICTIONARY_STRINGS + 1);
  answerJoined(batcher, "small.example", 0, 60, address(7));
  const after = batcher.take();
  assert.equal(after.stringsFrom, 0);
  assert.deepEqual(after.strings, [address(7), "small.example"]);
  assert.deepEqual(learnedOf(after, strings), [`${address(7)} small.example 60`]);
  assert.equal(strings.size, 2);
});

Deno.test("NameStrings ignores a batch without strings and takes a repeated batch once", () => {
  const strings = new NameStrings();
  strings.receive(nameBatch({ strings: ["a", "b"], stringsFrom: 0 }));
  strings.receive(nameBatch({ queryNames: ["x.example"], queryCounts: [1] }));
  strings.receive(nameBatch({ strings: ["c"], stringsFrom: 2 }));
  strings.receive(nameBatch({ strings: ["c"], stringsFrom: 2 }));
  assert.equal(strings.size, 3);
  assert.deepEqual([0, 1, 2, 3, NO_STRING].map((id) => strings.at(id)), [
    "a",
    "b",
    "c",
    undefined,
    undefined,
  ]);
});

Deno.test("NameStrings keeps no strings past a missing batch, whose numbers it cannot know", () => {
  const strings = new NameStrings();
  strings.receive(nameBatch({ strings: ["a"], stringsFrom: 0 }));
  strings.receive(nameBatch({ strings: ["c"], stringsFrom: 2 }));
  assert.equal(strings.size, 1);
  assert.equal(strings.at(2), undefined);
});

Deno.test("NameBatcher places each SNI/Host event after the steps seen before it, none undone across it", () => {
  const batcher = new NameBatcher();
  answerJoined(batcher, "a.example", 0, 60, "192.0.2.1");
  answerJoined(batcher, "b.example", 0, 60, "192.0.2.1");
  batcher.add([{ kind: "tls-sni", name: "sni.example", flow: { ...flow, dst: "192.0.2.1" } }]);
  // Would undo the first step were no event between them (same name, same address).
  answerJoined(batcher, "a.example", 0, 60, "192.0.2.1");
  const batch = batcher.take();
  assert.deepEqual(batch.eventSteps, [2]);
  assert.equal(batch.learned.length / LEARNED_FIELDS, 3, "every step stays");
});
