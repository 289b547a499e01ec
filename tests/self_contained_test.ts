/**
 * A fresh clone tests itself: nothing in the repository may read files from beside it (the
 * `shared/` folder that exists only next to the checkout in CI), and every capture the tests
 * use lives under `tests/captures*`.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
/** The folder beside the checkout in CI; named once, so this file does not point at it itself. */
const BESIDE = "shared";
/** Paths that point outside the repository, as code or docs would spell them. */
const OUTSIDE = [
  new RegExp(String.raw`\.\./${BESIDE}\b`),
  new RegExp(String.raw`/work/${BESIDE}\b`),
  /\/work\/main\b/,
];
const SKIP_DIRS = new Set([".git", "node_modules", "dist", "out", "artifacts"]);
const TEXT = /\.(ts|tsx|js|json|jsonc|md|sh|yaml|yml|css|html)$|^run$/;

function* textFiles(dir: URL, rel = ""): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${rel}${entry.name}`;
    if (entry.isDirectory) {
      if (!SKIP_DIRS.has(entry.name)) yield* textFiles(new URL(`${entry.name}/`, dir), `${path}/`);
    } else if (entry.isFile && TEXT.test(entry.name)) {
      yield path;
    }
  }
}

Deno.test("no file in the repository refers to a folder beside it", () => {
  const offenders: string[] = [];
  let scanned = 0;
  for (const path of textFiles(ROOT)) {
    if (path === "tests/self_contained_test.ts") continue;
    scanned++;
    const lines = Deno.readTextFileSync(new URL(path, ROOT)).split("\n");
    lines.forEach((line, i) => {
      if (OUTSIDE.some((pattern) => pattern.test(line))) {
        offenders.push(`${path}:${i + 1}: ${line}`);
      }
    });
  }
  assert.ok(scanned > 100, `scanned ${scanned} files: the walk found the repository`);
  assert.deepEqual(offenders, []);
});

Deno.test("the guard sees a path to a folder beside the repository", () => {
  // The check above is only worth its pass if its patterns match what a regression would write.
  for (
    const line of [`new URL("../../${BESIDE}/captures/", import.meta.url)`, `/work/${BESIDE}/x`]
  ) {
    assert.ok(OUTSIDE.some((pattern) => pattern.test(line)), line);
  }
  assert.ok(!OUTSIDE.some((pattern) => pattern.test('new URL("../captures/", import.meta.url)')));
});
