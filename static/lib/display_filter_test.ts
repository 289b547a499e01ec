import assert from "node:assert/strict";
import { filterParams, isEmptyFilter, matchesWords, parseDisplayFilter } from "./display_filter.ts";

Deno.test("parseDisplayFilter() reads tcpdump-like words into server parameters", () => {
  assert.deepEqual(parseDisplayFilter("udp port 53"), { protocol: "udp", port: 53, words: [] });
  assert.deepEqual(parseDisplayFilter("host 10.0.0.1 and tcp"), {
    ip: "10.0.0.1",
    protocol: "tcp",
    words: [],
  });
  assert.deepEqual(parseDisplayFilter("ip 2001:db8::1"), { ip: "2001:db8::1", words: [] });
});

Deno.test("parseDisplayFilter() takes a bare address or number as ip or port", () => {
  assert.deepEqual(parseDisplayFilter("192.0.2.7 443"), { ip: "192.0.2.7", port: 443, words: [] });
});

Deno.test("parseDisplayFilter() keeps other words as free text, lowercased", () => {
  assert.deepEqual(parseDisplayFilter("  SYN  dns "), { words: ["syn", "dns"] });
  assert.deepEqual(parseDisplayFilter("port 70000"), { words: ["port", "70000"] });
});

Deno.test("filterParams() carries only what the server understands", () => {
  assert.equal(
    filterParams(parseDisplayFilter("tcp port 80 syn")).toString(),
    "port=80&protocol=tcp",
  );
});

Deno.test("matchesWords() needs every word, in any case", () => {
  const f = parseDisplayFilter("syn ack");
  assert.ok(matchesWords(f, "TCP SYN,ACK seq=1"));
  assert.ok(!matchesWords(f, "TCP SYN seq=1"));
  assert.ok(isEmptyFilter(parseDisplayFilter("   ")));
});
