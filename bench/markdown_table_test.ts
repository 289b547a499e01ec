import assert from "node:assert/strict";
import { formatFixed, formatInt, markdownTable } from "./markdown_table.ts";

Deno.test("markdownTable() pads columns and right-aligns numeric ones", () => {
  const table = markdownTable(["Reader", "pps"], [["C", "8,000,000"], ["tshark", "140,000"]]);
  assert.equal(
    table,
    [
      "| Reader |       pps |",
      "|--------|----------:|",
      "| C      | 8,000,000 |",
      "| tshark |   140,000 |",
    ].join("\n"),
  );
});

Deno.test("markdownTable() treats '-' as a numeric placeholder, words as text", () => {
  const table = markdownTable(["a", "b"], [["x", "-"], ["y", "1.5"]]);
  assert.match(table, /\|---\|----:\|/);
});

Deno.test("formatInt() and formatFixed() print thousands separators and '-' for nothing", () => {
  assert.equal(formatInt(1234567.8), "1,234,568");
  assert.equal(formatFixed(undefined, 1), "-");
  assert.equal(formatFixed(0.256, 2), "0.26");
});
