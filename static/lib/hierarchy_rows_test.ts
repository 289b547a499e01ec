import assert from "node:assert/strict";
import type { HierarchyNode } from "../../stats/protocol_mix.ts";
import { hierarchyRows, MAX_HIERARCHY_ROWS } from "./hierarchy_rows.ts";

const node = (name: string, packets: number, children: HierarchyNode[] = []): HierarchyNode => ({
  name,
  packets,
  bytes: packets * 100,
  children,
});

Deno.test("hierarchyRows() walks depth first with children by packets, below the root", () => {
  const rows = hierarchyRows(
    node("frame", 10, [node("eth", 10, [node("arp", 2), node("ipv4", 8, [node("udp", 8)])])]),
  );
  assert.deepEqual(rows.map((r) => `${r.depth}:${r.name}`), ["0:eth", "1:ipv4", "2:udp", "1:arp"]);
});

Deno.test("hierarchyRows() stops at MAX_HIERARCHY_ROWS", () => {
  const wide = node(
    "frame",
    1,
    Array.from({ length: MAX_HIERARCHY_ROWS + 50 }, (_, i) => node(`p${i}`, 1)),
  );
  assert.equal(hierarchyRows(wide).length, MAX_HIERARCHY_ROWS);
});
