import assert from "node:assert/strict";
import { EventQueue } from "./event_queue.ts";
import type { NameEvent } from "./name_event.ts";

const FLOW = { src: "10.0.0.1", dst: "10.0.0.2", sport: 1, dport: 443, proto: 6, tunneled: false };
const sni = (name: string): NameEvent => ({ kind: "tls-sni", name, flow: FLOW });

Deno.test("EventQueue.drain() returns events oldest first and empties the queue", () => {
  const q = new EventQueue(4);
  q.push(sni("a"));
  q.push(sni("b"));
  assert.deepEqual(q.drain().map((e) => e.name), ["a", "b"]);
  assert.equal(q.length, 0);
  assert.deepEqual(q.drain(), []);
});

Deno.test("EventQueue.push() drops and counts events past its capacity", () => {
  const q = new EventQueue(2);
  for (const name of ["a", "b", "c", "d"]) q.push(sni(name));
  assert.equal(q.dropped, 2);
  assert.deepEqual(q.drain().map((e) => e.name), ["a", "b"]);
  q.push(sni("e"));
  assert.equal(q.length, 1);
});
