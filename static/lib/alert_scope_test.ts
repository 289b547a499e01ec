import assert from "node:assert/strict";
import { scopeFilter } from "./alert_scope.ts";
import { parseDisplayFilter } from "../../stats/display_filter.ts";

Deno.test("scopeFilter() writes a display filter the server reads, per subject kind", () => {
  const cases = [
    [{ kind: "host", key: "10.0.0.5", addresses: ["10.0.0.5"] }, "host 10.0.0.5"],
    [
      { kind: "pair", key: "10.0.0.1 -> 2001:db8::1", addresses: ["10.0.0.1", "2001:db8::1"] },
      "host 10.0.0.1 and host 2001:db8::1",
    ],
    [{ kind: "domain", key: "t.example.com", addresses: ["10.0.0.7"] }, "t.example.com"],
    [{ kind: "capture", key: "eth0", addresses: [] }, ""],
  ] as const;
  for (const [subject, expected] of cases) {
    const text = scopeFilter({ ...subject, addresses: [...subject.addresses] });
    assert.equal(text, expected);
    if (text) assert.notEqual(parseDisplayFilter(text), null, `the server reads "${text}"`);
  }
});
