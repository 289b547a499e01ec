import assert from "node:assert/strict";
import { DnsCursor, TYPE_A } from "./dns_cursor.ts";
import { hexView } from "./testdata/hex.ts";
import { ANSWER_US_POOL_NTP, QUERY_US_POOL_NTP } from "./testdata/dns_payloads.ts";

Deno.test("DnsCursor walks the question then the A records of a real answer", () => {
  const v = hexView(ANSWER_US_POOL_NTP);
  const c = new DnsCursor();
  assert.ok(c.open(v, 0, v.byteLength));
  assert.equal(c.response, true);
  assert.ok(c.nextQuestion());
  assert.equal(c.name, "us.pool.ntp.org");
  assert.equal(c.type, TYPE_A);
  assert.ok(!c.nextQuestion());
  const addresses: string[] = [];
  while (c.nextAnswer()) addresses.push(c.addressText()!);
  assert.equal(addresses.length, 15);
  assert.equal(addresses[0], "67.129.68.9");
});

Deno.test("DnsCursor.nextAnswer() skips the questions not read, and names the record", () => {
  const v = hexView(ANSWER_US_POOL_NTP);
  const c = new DnsCursor();
  c.open(v, 0, v.byteLength);
  assert.ok(c.nextAnswer());
  assert.equal(c.answerName(), "us.pool.ntp.org");
  assert.equal(c.cnameText(), null, "an A record has no CNAME target");
});

Deno.test("DnsCursor finds no answer in a query and stops at a cut question", () => {
  const v = hexView(QUERY_US_POOL_NTP);
  const c = new DnsCursor();
  c.open(v, 0, v.byteLength);
  assert.equal(c.response, false);
  assert.ok(c.nextQuestion());
  assert.ok(!c.nextAnswer());
  assert.ok(c.open(v, 0, 20));
  assert.ok(!c.nextQuestion());
  assert.ok(!c.open(v, 0, 11), "less than a header");
});
