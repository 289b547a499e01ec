/**
 * wirescope serving, as a child process started the way a user starts it, for tests that need
 * its pid (to read /proc), its environment or its flags as given: it resolves once the dashboard's
 * URL is printed and keeps collecting stderr until stopped.
 */
import { START_FLAGS, TEST_STATE_HOME } from "./run_cli.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
/** Longer than any start needs; a run that reaches it has hung. */
const TIMEOUT_MS = 60_000;

export interface ServedCli {
  child: Deno.ChildProcess;
  /** The first URL it printed, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  port: number;
  stderr(): string;
  /** Resolves once stderr shows `pattern`. */
  printed(pattern: RegExp): Promise<void>;
  /** Stop it as Ctrl-C would. */
  stop(): Promise<void>;
}

/**
 * `wirescope ARGS` (give `--port 0` for any free port) with `env` added to this process's.
 * `launcher` runs Deno: by default this Deno; e.g. `["setpriv", ..., "--", "/other/deno"]` to
 * start it as another user or from another binary.
 */
export async function startServedCli(
  args: string[],
  env: Record<string, string> = {},
  launcher: string[] = [Deno.execPath()],
): Promise<ServedCli> {
  const child = new Deno.Command(launcher[0]!, {
    args: [...launcher.slice(1), "run", ...START_FLAGS, MAIN, ...args],
    env: { NO_COLOR: "1", XDG_STATE_HOME: TEST_STATE_HOME, ...env },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    signal: AbortSignal.timeout(TIMEOUT_MS * 5),
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  let match: RegExpExecArray | null = null;
  const deadline = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
  try {
    while (!(match = /dashboard at (https?:\/\/[^ ,]+:(\d+)\/)/.exec(seen))) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`wirescope ended before listening: ${seen}`);
      seen += value;
    }
  } finally {
    clearTimeout(deadline);
  }
  // Keep draining so the child never blocks on a full pipe.
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      seen += value;
    }
  })();
  return {
    child,
    url: match[1]!,
    port: Number(match[2]),
    stderr: () => seen,
    async printed(pattern) {
      for (let waited = 0; !pattern.test(seen); waited += 50) {
        if (waited > TIMEOUT_MS) throw new Error(`never printed ${pattern}: ${seen}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch {
        // Already gone.
      }
      await child.status;
    },
  };
}
