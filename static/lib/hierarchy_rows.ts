/** The protocol hierarchy tree as indented table rows, like tshark's `-z io,phs`. */

import type { HierarchyNode } from "../../stats/protocol_mix.ts";

/** Rows shown at most: the tree is small in practice; a bound keeps a pathological one cheap. */
export const MAX_HIERARCHY_ROWS = 200;
/** Deepest level walked (frame > link > vlan > vlan > l3 > l4 is 6). */
const MAX_DEPTH = 16;

export interface HierarchyRow {
  /** Path of names from the root, unique per row. */
  id: string;
  name: string;
  depth: number;
  packets: number;
  bytes: number;
}

/** Depth-first rows below the "frame" root, children by packets descending. */
export function hierarchyRows(root: HierarchyNode): HierarchyRow[] {
  const rows: HierarchyRow[] = [];
  const walk = (node: HierarchyNode, depth: number, path: string) => {
    const children = [...node.children].sort((a, b) => b.packets - a.packets);
    for (const child of children) {
      if (rows.length >= MAX_HIERARCHY_ROWS) return;
      const id = `${path}/${child.name}`;
      rows.push({ id, name: child.name, depth, packets: child.packets, bytes: child.bytes });
      if (depth + 1 < MAX_DEPTH) walk(child, depth + 1, id);
    }
  };
  walk(root, 0, root.name);
  return rows;
}
