import assert from "node:assert/strict";
import { looksLikeDns } from "./dns_message.ts";
import { isDnsQuery, readDnsMessage } from "./_test_dns_message.ts";
import { hexView } from "./testdata/hex.ts";
import {
  ANSWER_US_POOL_NTP,
  LLMNR_QUERY,
  MDNS_QUERY_SRV,
  QUERY_US_POOL_NTP,
} from "./testdata/dns_payloads.ts";

Deno.test("readDnsMessage() reads the question of a real query", () => {
  const v = hexView(QUERY_US_POOL_NTP);
  assert.ok(isDnsQuery(v, 0));
  const m = readDnsMessage(v, 0, v.byteLength)!;
  assert.equal(m.response, false);
  assert.deepEqual(m.questions, [{ name: "us.pool.ntp.org", type: 1 }]);
  assert.deepEqual(m.addresses, []);
});

Deno.test("readDnsMessage() collects the A records and smallest TTL of a real answer", () => {
  const v = hexView(ANSWER_US_POOL_NTP);
  const m = readDnsMessage(v, 0, v.byteLength)!;
  assert.equal(m.response, true);
  assert.equal(m.rcode, 0);
  assert.equal(m.addresses.length, 15);
  assert.equal(m.addresses[0], "67.129.68.9");
  assert.equal(m.ttl, 3463);
  assert.equal(m.firstAnswerName, "us.pool.ntp.org");
  assert.equal(m.firstAnswerType, 1);
});

Deno.test("readDnsMessage() keeps the answers read before a truncation", () => {
  const v = hexView(ANSWER_US_POOL_NTP);
  // Header (12) + question (21) + 3 records of 16 bytes, and half of the 4th.
  const m = readDnsMessage(v, 0, 12 + 21 + 3 * 16 + 8)!;
  assert.equal(m.addresses.length, 3);
});

Deno.test("readDnsMessage() reads mDNS and LLMNR queries with the DNS format", () => {
  const mdns = hexView(MDNS_QUERY_SRV);
  assert.deepEqual(readDnsMessage(mdns, 0, mdns.byteLength)!.questions, [
    { name: "gemini._sftp-ssh._tcp.local", type: 33 },
  ]);
  const llmnr = hexView(LLMNR_QUERY);
  assert.deepEqual(readDnsMessage(llmnr, 0, llmnr.byteLength)!.questions, [
    { name: "BRWC0CB383D1F42", type: 1 },
  ]);
});

Deno.test("readDnsMessage() returns null for less than a header, no names for a cut name", () => {
  const v = hexView(QUERY_US_POOL_NTP);
  assert.equal(readDnsMessage(v, 0, 11), null);
  assert.deepEqual(readDnsMessage(v, 0, 20)!.questions, []);
});

Deno.test("readDnsMessage() survives a question whose name is a compression loop", () => {
  const v = hexView("1234 0100 0001 0000 0000 0000 c00c 0001 0001");
  assert.deepEqual(readDnsMessage(v, 0, v.byteLength)!.questions, []);
});

Deno.test("looksLikeDns() accepts a standard query and rejects other payloads", () => {
  const q = hexView(QUERY_US_POOL_NTP);
  assert.ok(looksLikeDns(q, 0, q.byteLength, q.byteLength));
  const a = hexView(ANSWER_US_POOL_NTP);
  assert.ok(looksLikeDns(a, 0, a.byteLength, a.byteLength));
  // Two questions in a query, an opcode, and a too-short payload are not taken for DNS.
  assert.ok(!looksLikeDns(hexView("00010000000200000000000000"), 0, 13, 13));
  assert.ok(!looksLikeDns(hexView("00012800000100000000000000"), 0, 13, 13));
  assert.ok(!looksLikeDns(q, 0, 12, 12));
  // An NTP client request (mode 3) has neither a question nor an answer count.
  const ntp = hexView("1b" + "00".repeat(47));
  assert.ok(!looksLikeDns(ntp, 0, 48, 48));
});
