/**
 * Coordinators a reader can hold: no production function runs past `MAX_FUNCTION_LINES` lines,
 * not counting the lines of JSX it returns (markup reads as a picture, not as steps). Closures
 * count towards the function that holds them: a long closure-heavy coordinator is exactly what
 * this is meant to catch. Functions still over the bound are listed in `KNOWN_LONG` with their
 * current length; the list may only shrink, and none of them may grow.
 */
import assert from "node:assert/strict";
// deno-lint-ignore no-import-prefix
import ts from "npm:typescript@5";

const MAX_FUNCTION_LINES = 80;

/** "path:name" -> its length today. Split one, then delete its line. */
const KNOWN_LONG: Record<string, number> = {};

const ROOT = new URL("../", import.meta.url);
const SKIP_DIRS = new Set([".git", "node_modules", "dist", "testdata", "captures", "captures-2"]);
const UNCHECKED_TOP = new Set(["tests", "bench", "docs"]);

function isTestCode(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return /_test\.tsx?$/.test(name) || name.startsWith("_test_") || /_bench\.ts$/.test(name);
}

function* productionFiles(dir: URL, rel = ""): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${rel}${entry.name}`;
    if (entry.isDirectory) {
      if (SKIP_DIRS.has(entry.name) || entry.name.startsWith(".")) continue;
      if (rel === "" && UNCHECKED_TOP.has(entry.name)) continue;
      yield* productionFiles(new URL(`${entry.name}/`, dir), `${path}/`);
    } else if (/\.tsx?$/.test(entry.name) && !isTestCode(path)) {
      yield path;
    }
  }
}

/** Every function of `text` as "name" and its length in lines, JSX lines left out. */
export function functionLengths(path: string, text: string): [string, number][] {
  const kind = path.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const line = (pos: number) => file.getLineAndCharacterOfPosition(pos).line;
  const out: [string, number][] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const jsx = new Set<number>();
      const markJsx = (n: ts.Node) => {
        if (ts.isJsxElement(n) || ts.isJsxFragment(n) || ts.isJsxSelfClosingElement(n)) {
          for (let l = line(n.getStart()); l <= line(n.getEnd()); l++) jsx.add(l);
          return;
        }
        ts.forEachChild(n, markJsx);
      };
      ts.forEachChild(node.body, markJsx);
      const first = line(node.getStart());
      const last = line(node.getEnd());
      let lines = 0;
      for (let l = first; l <= last; l++) if (!jsx.has(l)) lines++;
      out.push([functionName(node), lines]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

function functionName(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name) return named.name.getText();
  if (ts.isVariableDeclaration(node.parent)) return node.parent.name.getText();
  if (ts.isPropertyAssignment(node.parent)) return node.parent.name.getText();
  if (ts.isConstructorDeclaration(node)) return "constructor";
  return `<anonymous@${
    node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1
  }>`;
}

Deno.test(`no production function runs past ${MAX_FUNCTION_LINES} lines outside JSX`, () => {
  const tooLong: string[] = [];
  const grown: string[] = [];
  const seen = new Set<string>();
  let functions = 0;
  for (const path of productionFiles(ROOT)) {
    for (const [name, lines] of functionLengths(path, Deno.readTextFileSync(new URL(path, ROOT)))) {
      functions++;
      const key = `${path}:${name}`;
      const known = KNOWN_LONG[key];
      if (known !== undefined) {
        seen.add(key);
        if (lines > known) grown.push(`${key} grew from ${known} to ${lines} lines`);
      } else if (lines > MAX_FUNCTION_LINES) {
        tooLong.push(`${key}: ${lines} lines`);
      }
    }
  }
  assert.ok(functions > 500, `measured ${functions} functions`);
  assert.deepEqual(tooLong, []);
  assert.deepEqual(grown, []);
  const gone = Object.keys(KNOWN_LONG).filter((key) => !seen.has(key));
  assert.deepEqual(gone, [], "functions split or renamed: delete their KNOWN_LONG lines");
});

Deno.test("functionLengths() counts closures with their holder and leaves JSX out", () => {
  const text = [
    "function outer() {",
    "  const inner = () => {",
    "    return 1;",
    "  };",
    "  return inner();",
    "}",
  ].join("\n");
  assert.deepEqual(functionLengths("a.ts", text), [["outer", 6], ["inner", 3]]);
  const page = [
    "function Page() {",
    "  const x = 1;",
    "  return (",
    "    <div>",
    "      {x}",
    "    </div>",
    "  );",
    "}",
  ]
    .join("\n");
  assert.deepEqual(functionLengths("a.tsx", page), [["Page", 5]]);
});
