import assert from "node:assert/strict";
import { jsonResponse, wantsPretty } from "./json_response.ts";

const get = (path: string, agent?: string) =>
  new Request(
    `http://localhost${path}`,
    agent === undefined ? {} : { headers: { "user-agent": agent } },
  );

Deno.test("jsonResponse() is compact by default and indented with a final newline when pretty", async () => {
  assert.equal(await jsonResponse({ a: [1] }).text(), '{"a":[1]}');
  assert.equal(await jsonResponse({ a: [1] }, { pretty: true }).text(), '{\n  "a": [1]\n}\n');
  // Arrays of numbers stay on one line (a series would otherwise take a line per number);
  // arrays of objects are indented like objects.
  assert.equal(
    await jsonResponse({ a: [1, 2.5], b: [{ c: 1 }] }, { pretty: true }).text(),
    '{\n  "a": [1, 2.5],\n  "b": [\n    {\n      "c": 1\n    }\n  ]\n}\n',
  );
});

Deno.test("jsonResponse() marks the data as JSON, uncacheable and not to be sniffed", () => {
  const h = jsonResponse({}).headers;
  assert.equal(h.get("content-type"), "application/json; charset=utf-8");
  assert.equal(h.get("cache-control"), "no-store");
  assert.equal(h.get("x-content-type-options"), "nosniff");
});

Deno.test("wantsPretty() follows ?pretty, else pretty-prints for curl, Wget and HTTPie only", () => {
  assert.equal(wantsPretty(get("/stats")), false);
  assert.equal(wantsPretty(get("/stats?pretty")), true);
  assert.equal(wantsPretty(get("/stats?pretty=1")), true);
  assert.equal(wantsPretty(get("/stats?pretty=true")), true);
  assert.equal(wantsPretty(get("/stats", "curl/8.5.0")), true);
  assert.equal(wantsPretty(get("/stats", "Wget/1.21.3")), true);
  assert.equal(wantsPretty(get("/stats", "HTTPie/3.2.2")), true);
  assert.equal(wantsPretty(get("/stats?pretty=0", "curl/8.5.0")), false);
  assert.equal(wantsPretty(get("/stats?pretty=false", "curl/8.5.0")), false);
  assert.equal(wantsPretty(get("/stats", "Mozilla/5.0 (X11; Linux x86_64)")), false);
});
