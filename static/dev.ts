/**
 * `deno task dev [wirescope flags]`: rebuild the dashboard on every change (build.ts --watch)
 * and run wirescope under `deno run --watch`, which restarts it when its sources or the built
 * files change. Ctrl-C stops both.
 */

const ROOT = new URL("../", import.meta.url);
/** wirescope's own permissions (deno.json "start" task), plus the watch of the built page. */
const SERVE_ARGS = [
  "run",
  "--watch=static/dist/",
  "--allow-ffi",
  "--allow-net",
  "--allow-read",
  "--allow-env",
  "--allow-sys",
  "main.ts",
];

function spawn(args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), { args, cwd: ROOT.pathname, stdin: "null" }).spawn();
}

if (import.meta.main) {
  const builder = spawn(["run", "-A", "static/build.ts", "--watch"]);
  // Give the first build a moment so the server starts on fresh files.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const server = spawn([...SERVE_ARGS, ...Deno.args]);
  const stop = () => {
    for (const child of [server, builder]) {
      try {
        // SIGINT: `deno run --watch` outlives its child on SIGTERM and waits for changes.
        child.kill("SIGINT");
      } catch {
        // Already exited.
      }
    }
  };
  // Ctrl-C reaches the children too (same process group); SIGTERM (a supervisor, `timeout`)
  // reaches only this process, which must not leave the server running.
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  const { code } = await Promise.race([server.status, builder.status]);
  stop();
  await Promise.all([server.status, builder.status]);
  Deno.exit(code);
}
