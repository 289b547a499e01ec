/** Run wirescope's CLI as a user would, from source, and collect what it printed. */
import denoConfig from "../../deno.json" with { type: "json" };

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
/**
 * The flags `deno task start` runs main.ts with (permissions, V8 heap sizing), read from
 * deno.json: tests and benchmarks run what users run, and must not pass on more permissions.
 */
export const START_FLAGS: string[] = startTaskFlags(denoConfig.tasks.start);

/** The words of a `deno run FLAGS... main.ts` task between "run" and "main.ts". */
export function startTaskFlags(task: string): string[] {
  const words = task.split(/\s+/);
  const run = words.indexOf("run");
  const main = words.indexOf("main.ts");
  if (words[0] !== "deno" || run !== 1 || main < run) {
    throw new Error(`deno.json's start task is not "deno run FLAGS... main.ts": ${task}`);
  }
  return words.slice(run + 1, main);
}

/**
 * Served runs keep history in a database under XDG_STATE_HOME: tests get a scratch one, never
 * the user's own.
 */
export const TEST_STATE_HOME: string = Deno.makeTempDirSync({ prefix: "wirescope-state-" });

/** Longer than any CLI test needs; a run that reaches it has hung. */
const CLI_TIMEOUT_MS = 60_000;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  args: string[],
  options: { env?: Record<string, string>; stdin?: Uint8Array; prefix?: string[] } = {},
): Promise<CliResult> {
  const prefix = options.prefix ?? [];
  const command = new Deno.Command(prefix[0] ?? Deno.execPath(), {
    args: [
      ...prefix.slice(1),
      ...(prefix.length ? [Deno.execPath()] : []),
      "run",
      ...START_FLAGS,
      MAIN,
      ...args,
    ],
    env: { NO_COLOR: "1", XDG_STATE_HOME: TEST_STATE_HOME, ...options.env },
    // A hung CLI must fail its test, not hang the suite.
    signal: AbortSignal.timeout(CLI_TIMEOUT_MS),
    stdin: options.stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  });
  const child = command.spawn();
  if (options.stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(options.stdin);
    await writer.close();
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}
