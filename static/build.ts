/**
 * Builds the dashboard: `deno bundle` of app.tsx into dist/app.js, and the stylesheets joined
 * into dist/app.css. dist/ is committed, so `deno run main.ts` and `deno compile` serve the page
 * from a clean clone with no build step; build_test.ts fails when it is stale.
 *
 *   deno run -A static/build.ts           build once
 *   deno run -A static/build.ts --watch   rebuild on every change (what `deno task dev` runs)
 */

const STATIC = new URL("./", import.meta.url);
const ROOT = new URL("../", STATIC);
export const DIST = new URL("dist/", STATIC);
/** Joined in this order: variables first, then layout, then the parts. */
export const STYLESHEETS = [
  "theme.css",
  "layout.css",
  "controls.css",
  "panels.css",
  "tables.css",
  "alerts.css",
];
const JS_BANNER =
  "// wirescope dashboard, built by static/build.ts from static/app.tsx: do not edit.\n";
const CSS_BANNER =
  "/* wirescope dashboard, built by static/build.ts from static/styles/: do not edit. */\n";
/** Changes closer together than this (an editor saving several files) make one rebuild. */
const WATCH_DEBOUNCE_MS = 150;

export interface BuildOutput {
  js: string;
  css: string;
}

/** Bundle and join, without writing dist/. Throws with the bundler's message on failure. */
export async function buildDashboard(): Promise<BuildOutput> {
  const out = await Deno.makeTempDir({ prefix: "wirescope-build-" });
  try {
    const result = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--platform",
        "browser",
        "--minify",
        "-o",
        `${out}/app.js`,
        new URL("app.tsx", STATIC).pathname,
      ],
      cwd: ROOT.pathname,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!result.success) {
      const message = new TextDecoder().decode(result.stderr).trim();
      throw new Error(`Cannot bundle static/app.tsx: ${message}`);
    }
    const js = JS_BANNER + await Deno.readTextFile(`${out}/app.js`);
    const styles = await Promise.all(
      STYLESHEETS.map((name) => Deno.readTextFile(new URL(`styles/${name}`, STATIC))),
    );
    return { js, css: CSS_BANNER + styles.join("\n") };
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

/** Build and write dist/app.js and dist/app.css; returns what was written. */
export async function writeDashboard(): Promise<BuildOutput> {
  const built = await buildDashboard();
  await Deno.mkdir(DIST, { recursive: true });
  await Deno.writeTextFile(new URL("app.js", DIST), built.js);
  await Deno.writeTextFile(new URL("app.css", DIST), built.css);
  return built;
}

async function buildAndReport(): Promise<void> {
  const started = performance.now();
  try {
    const { js, css } = await writeDashboard();
    const ms = Math.round(performance.now() - started);
    console.error(
      `dashboard: built app.js (${js.length} B) and app.css (${css.length} B) in ${ms} ms`,
    );
  } catch (error) {
    console.error(`dashboard: ${(error as Error).message}`);
  }
}

/** Rebuild whenever a source of the page changes (dist/ itself excluded). */
async function watch(): Promise<void> {
  await buildAndReport();
  const watcher = Deno.watchFs([STATIC.pathname, new URL("format/", ROOT).pathname]);
  let timer: ReturnType<typeof setTimeout> | null = null;
  for await (const event of watcher) {
    if (event.paths.every((p) => p.startsWith(DIST.pathname))) continue;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => void buildAndReport(), WATCH_DEBOUNCE_MS);
  }
}

if (import.meta.main) {
  if (Deno.args.includes("--watch")) await watch();
  else await buildAndReport();
}
