/** Run wirescope's CLI as a user would, from source, and collect what it printed. */

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
/** The same permissions `deno task start` grants: tests must not pass on more. */
export const START_PERMISSIONS = [
  "--allow-ffi",
  "--allow-net",
  "--allow-read",
  "--allow-env",
  "--allow-sys",
];

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
      ...START_PERMISSIONS,
      MAIN,
      ...args,
    ],
    env: { NO_COLOR: "1", ...options.env },
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
