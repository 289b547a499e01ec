/**
 * The layout is a map of the pipeline, and dependencies point one way along it:
 *
 *   net, format (neutral leaves) -> ffi -> capture -> stats -> procs -> export -> alerts -> store
 *   -> notify -> config -> wire -> server -> cli -> static (the page)
 *
 * A module may import its own folder and folders to its left, never to its right. The page may
 * import only the leaves, the wire types and the statistics' shapes, never server or capture code.
 * Production modules form no import circle. Tests, test support, benchmarks and `main.ts` sit
 * above everything and are not checked. A new top-level folder must be placed in `LAYERS`.
 */
import assert from "node:assert/strict";

/** Folders from the bottom of the pipeline to the top. */
const LAYERS = [
  "net",
  "format",
  "ffi",
  "capture",
  "stats",
  "collect",
  "procs",
  "export",
  "alerts",
  "store",
  "notify",
  "config",
  "wire",
  "server",
  "cli",
  "static",
] as const;

/** Folders the page may import besides its own. */
const PAGE_MAY_IMPORT = new Set(["net", "format", "wire", "stats", "alerts"]);

/** Folders (and files) above every layer: they may import anything and nothing imports them. */
const UNCHECKED = new Set(["tests", "bench", "docs", "main.ts"]);

const ROOT = new URL("../", import.meta.url);
const SOURCE = /\.(ts|tsx)$/;
const SKIP_DIRS = new Set([".git", "node_modules", "dist", "testdata", "captures", "captures-2"]);

/** A relative import or re-export specifier, with any import attributes after it. */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.\.?\/[^"']+)["']([^;\n]*)/gm;

function isTestCode(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return /_test\.tsx?$/.test(name) || name.startsWith("_test_") || /_bench\.ts$/.test(name) ||
    /(^|\/)(testdata|test_support)\//.test(path) || name === "test_util.ts";
}

function* sourceFiles(dir: URL, rel = ""): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${rel}${entry.name}`;
    if (entry.isDirectory) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".")) {
        yield* sourceFiles(new URL(`${entry.name}/`, dir), `${path}/`);
      }
    } else if (entry.isFile && SOURCE.test(entry.name)) {
      yield path;
    }
  }
}

/** The repository-relative paths a module imports as code (text/bytes imports are data). */
export function codeImports(path: string, text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    if (/\bwith\s*\{\s*type\s*:/.test(match[2] ?? "")) continue;
    const target = new URL(match[1]!, new URL(path, "file:///r/")).pathname.slice(3);
    out.push(target);
  }
  return out;
}

function topFolder(path: string): string {
  const slash = path.indexOf("/");
  return slash < 0 ? path : path.slice(0, slash);
}

/** Every import against the direction, as "from -> to" lines. */
export function layerViolations(modules: Map<string, string[]>): string[] {
  const out: string[] = [];
  const rank = new Map<string, number>(LAYERS.map((name, i) => [name, i]));
  for (const [path, imports] of modules) {
    const from = topFolder(path);
    if (UNCHECKED.has(from) || isTestCode(path)) continue;
    const fromRank = rank.get(from);
    if (fromRank === undefined) {
      out.push(`${path}: folder "${from}" has no place in LAYERS`);
      continue;
    }
    for (const target of imports) {
      const to = topFolder(target);
      if (to === from) continue;
      const toRank = rank.get(to);
      if (toRank === undefined || toRank > fromRank) {
        out.push(`${path} -> ${target}`);
      } else if (from === "static" && !PAGE_MAY_IMPORT.has(to)) {
        out.push(`${path} -> ${target} (the page imports no ${to}/ code)`);
      }
    }
  }
  return out.sort();
}

/** Every import circle among production modules, each as its member paths. */
export function importCircles(modules: Map<string, string[]>): string[][] {
  const graph = new Map<string, string[]>();
  for (const [path, imports] of modules) {
    if (isTestCode(path) || UNCHECKED.has(topFolder(path))) continue;
    graph.set(path, imports.filter((t) => modules.has(t) && !isTestCode(t)));
  }
  // Tarjan's strongly connected components, iterative so a deep graph cannot overflow.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const circles: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: [string, number][] = [[start, 0]];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const [node, edge] = top;
      const edges = graph.get(node) ?? [];
      if (edge < edges.length) {
        top[1]++;
        const child = edges[edge]!;
        if (!index.has(child)) {
          index.set(child, next);
          low.set(child, next++);
          stack.push(child);
          onStack.add(child);
          work.push([child, 0]);
        } else if (onStack.has(child)) {
          low.set(node, Math.min(low.get(node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(node)!));
      }
      if (low.get(node) === index.get(node)) {
        const members: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          members.push(member);
        } while (member !== node);
        if (members.length > 1) circles.push(members.sort());
      }
    }
  }
  return circles;
}

function repositoryModules(): Map<string, string[]> {
  const modules = new Map<string, string[]>();
  for (const path of sourceFiles(ROOT)) {
    modules.set(path, codeImports(path, Deno.readTextFileSync(new URL(path, ROOT))));
  }
  return modules;
}

Deno.test("every import points down the pipeline and the page imports no server code", () => {
  const modules = repositoryModules();
  assert.ok(modules.size > 200, `read ${modules.size} modules`);
  assert.deepEqual(layerViolations(modules), []);
});

Deno.test("production modules import one another in no circle", () => {
  assert.deepEqual(importCircles(repositoryModules()), []);
});

Deno.test("the layer check catches an upward import, an unplaced folder and a circle", () => {
  const modules = new Map<string, string[]>([
    ["capture/worker.ts", ["stats/engine.ts", "capture/decode/packet.ts"]],
    ["stats/engine.ts", ["capture/decode/packet.ts"]],
    ["capture/decode/packet.ts", []],
    ["static/app.tsx", ["server/handler.ts", "wire/stats_document.ts"]],
    ["server/handler.ts", []],
    ["wire/stats_document.ts", []],
    ["gadgets/x.ts", []],
    ["capture/a.ts", ["capture/b.ts"]],
    ["capture/b.ts", ["capture/a.ts"]],
    ["capture/a_test.ts", ["cli/serve.ts"]],
  ]);
  assert.deepEqual(layerViolations(modules), [
    "capture/worker.ts -> stats/engine.ts",
    'gadgets/x.ts: folder "gadgets" has no place in LAYERS',
    "static/app.tsx -> server/handler.ts (the page imports no server/ code)",
  ]);
  assert.deepEqual(importCircles(modules), [["capture/a.ts", "capture/b.ts"]]);
});

Deno.test("codeImports() reads static, type, re-export and dynamic imports, not data imports", () => {
  const text = [
    'import { a } from "../stats/a.ts";',
    'import type { B } from "./b.ts";',
    'export { c } from "../net/c.ts";',
    'const d = await import("../server/d.ts");',
    'import "./side_effect.ts";',
    'import js from "../static/dist/app.js" with { type: "text" };',
    'import x from "npm:preact";',
  ].join("\n");
  assert.deepEqual(codeImports("cli/serve.ts", text), [
    "stats/a.ts",
    "cli/b.ts",
    "net/c.ts",
    "server/d.ts",
    "cli/side_effect.ts",
  ]);
});
