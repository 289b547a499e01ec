import assert from "node:assert/strict";
import { exportHref } from "./export_links.tsx";

Deno.test("exportHref() keeps the table's query, asks for every row and names the format", () => {
  const params = new URLSearchParams({
    filter: "port 53",
    sort: "bytes",
    limit: "20",
    offset: "40",
  });
  const href = exportHref({ path: "/api/flows", params, limit: 1000, name: "flows" }, "csv");
  const url = new URL(href, "http://localhost");
  assert.equal(url.pathname, "/api/flows");
  assert.equal(url.searchParams.get("filter"), "port 53");
  assert.equal(url.searchParams.get("sort"), "bytes");
  assert.equal(url.searchParams.get("limit"), "1000");
  assert.equal(url.searchParams.get("offset"), null);
  assert.equal(url.searchParams.get("format"), "csv");
  assert.equal(params.get("offset"), "40", "the table's own query is left as it was");
});
