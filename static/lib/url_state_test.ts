import assert from "node:assert/strict";
import { parseUrlState, patchUrlState } from "./url_state.ts";

Deno.test("parseUrlState() reads every key back from what patchUrlState() wrote", () => {
  const search = patchUrlState("", {
    window: "15m",
    filter: "port 53 or dns",
    packets: "tcp",
    sort: "packets",
    order: "asc",
    range: { fromMs: 1_700_000_000_000, toMs: 1_700_000_060_000 },
    country: "DE",
  });
  assert.deepEqual(parseUrlState(search), {
    window: "15m",
    filter: "port 53 or dns",
    packets: "tcp",
    sort: "packets",
    order: "asc",
    range: { fromMs: 1_700_000_000_000, toMs: 1_700_000_060_000 },
    country: "DE",
  });
});

Deno.test("patchUrlState() removes a key set to null and keeps the others", () => {
  const search = patchUrlState("?window=1h&filter=tcp&x=1", { filter: null, order: "desc" });
  assert.equal(search, "?window=1h&x=1&order=desc");
  assert.equal(patchUrlState("?range=1-2", { range: null }), "");
});

Deno.test("parseUrlState() ignores values it cannot read", () => {
  assert.deepEqual(
    parseUrlState("?window=3y&sort=size&order=up&range=9-3&country=Germany&filter=%20"),
    {},
  );
  assert.deepEqual(parseUrlState("?range=abc-1"), {});
  assert.deepEqual(parseUrlState(`?filter=${"x".repeat(1001)}`), {});
});
