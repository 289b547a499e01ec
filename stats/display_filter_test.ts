import assert from "node:assert/strict";
import {
  type FilterNode,
  matchesDisplayFilter,
  mentionsCountry,
  parseDisplayFilter,
} from "./display_filter.ts";
import type { CompiledFilter } from "./traffic_filter.ts";
import { QueryError } from "./query_error.ts";

/** A row with a port and words: header conditions test the port only. */
function passes(text: string, row: { port: number; words: string }): boolean {
  const node = parseDisplayFilter(text) as FilterNode;
  const header = (f: CompiledFilter) => f.port < 0 || f.port === row.port;
  return matchesDisplayFilter(node, header, () => row.words);
}

Deno.test("parseDisplayFilter() joins conditions with and, or, not and parentheses", () => {
  const dns = { port: 53, words: "10.0.0.1 udp dns" };
  const https = { port: 443, words: "10.0.0.2 tcp https" };
  const ssh = { port: 22, words: "10.0.0.3 tcp ssh" };
  for (
    const [text, want] of [
      ["port 53 or port 443", [true, true, false]],
      ["not port 443", [true, false, true]],
      ["!port 443", [true, false, true]],
      ["port 53 or port 443 and https", [true, true, false]],
      ["(port 53 or port 443) and not https", [true, false, false]],
      ["tcp ssh", [false, false, true]],
      ["dns || ssh", [true, false, true]],
      ["DNS", [true, false, false]],
    ] as const
  ) {
    assert.deepEqual([dns, https, ssh].map((row) => passes(text, row)), want, text);
  }
});

Deno.test("parseDisplayFilter() refuses what it cannot read, saying why", () => {
  for (
    const [text, why] of [
      ["port 53 or", /"or" needs a condition after it/],
      ["not", /"not" needs a condition after it/],
      ["(tcp", /"\(" is not closed/],
      ["tcp)", /"\)" has no "\(" before it/],
      ["port 70000", /"port" needs a number from 0 to 65535/],
      ["host example", /"host" needs an IPv4 or IPv6 address/],
      ["and tcp", /"and" needs a condition before it/],
      ["()", /empty parentheses/],
    ] as const
  ) {
    assert.throws(
      () => parseDisplayFilter(text),
      (e) => e instanceof QueryError && why.test(e.message),
      text,
    );
  }
  assert.equal(parseDisplayFilter("   "), null);
});

Deno.test("parseDisplayFilter() reads country CODE as the row's country word, refusing other codes", () => {
  const de = { port: 443, words: "195.30.94.28 spacenet country:de" };
  assert.equal(passes("country de", de), true);
  assert.equal(passes("country DE and port 443", de), true);
  assert.equal(passes("country us", de), false);
  assert.equal(passes("country unknown", { port: 1, words: "9.9.9.9 country:unknown" }), true);
  assert.equal(mentionsCountry(parseDisplayFilter("tcp or not country de")), true);
  assert.equal(mentionsCountry(parseDisplayFilter("tcp or de")), false);
  assert.throws(() => parseDisplayFilter("country"), /"country" needs a two-letter country code/);
  assert.throws(() => parseDisplayFilter("country germany"), /two-letter country code/);
});
