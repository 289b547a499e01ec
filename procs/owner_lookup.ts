/**
 * Asking which process holds a socket inode, answered either here (reading `/proc` as this
 * process may) or by the process helper over a pipe (after the privilege drop, the only way to
 * read other users' processes). The attribution (`process_attribution.ts`) sees only this.
 */

import {
  decodeAnswer,
  encodeQuestion,
  type HelperAnswer,
  MAX_ANSWER_BYTES,
  MAX_QUERY_INODES,
} from "./helper_protocol.ts";
import { type HelperAccount, helperArgs } from "./owner_helper.ts";
import { LineReader } from "./line_reader.ts";
import { findSocketOwners } from "./socket_owners.ts";

export interface OwnerLookup {
  /** "in-process" or "helper": said in `/api/processes` so a user knows what could be seen. */
  readonly via: "in-process" | "helper";
  /** Owners of these inodes (those found); at most `MAX_QUERY_INODES` are asked at once. */
  lookup(inodes: readonly number[]): Promise<HelperAnswer>;
  close(): Promise<void>;
}

/** Reads `/proc` itself: as root with `--no-drop`, or a user seeing only their own processes. */
export class InProcessLookup implements OwnerLookup {
  readonly via = "in-process";
  lookup(inodes: readonly number[]): Promise<HelperAnswer> {
    return Promise.resolve(findSocketOwners(new Set(inodes.slice(0, MAX_QUERY_INODES))));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A helper answering longer than this is taken as stuck: its question is counted unanswered. */
export const HELPER_ANSWER_TIMEOUT_MS = 5_000;

/** The process helper as a child process (see `owner_helper.ts`). */
export class HelperLookup implements OwnerLookup {
  readonly via = "helper";
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #lines: LineReader;
  readonly #encoder = new TextEncoder();
  /** One question at a time: answers come back in order, and a scan is not worth two. */
  #queue: Promise<unknown> = Promise.resolve();
  #broken: Error | undefined;

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.#lines = new LineReader(child.stdout, MAX_ANSWER_BYTES);
  }

  /**
   * Start the helper, which becomes `account` keeping only its two capabilities (or, without an
   * account, runs as this process does). Must run before this process drops privileges.
   */
  static start(account: HelperAccount | undefined): HelperLookup {
    const child = new Deno.Command(Deno.execPath(), {
      args: [...helperCommand(), ...helperArgs(account)],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
      // The helper needs none of the analyzer's environment beyond what the runtime reads.
      clearEnv: true,
      env: keptEnvironment(),
    }).spawn();
    return new HelperLookup(child);
  }

  get pid(): number {
    return this.#child.pid;
  }

  lookup(inodes: readonly number[]): Promise<HelperAnswer> {
    const asked = this.#queue.then(() => this.#ask(inodes));
    this.#queue = asked.catch(() => {});
    return asked;
  }

  async #ask(inodes: readonly number[]): Promise<HelperAnswer> {
    if (this.#broken) throw this.#broken;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await this.#writer.write(this.#encoder.encode(encodeQuestion(inodes)));
      const line = await Promise.race([
        this.#lines.next(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error("the process helper did not answer in time")),
            HELPER_ANSWER_TIMEOUT_MS,
          );
        }),
      ]);
      if (line === null) throw new Error("the process helper ended");
      return decodeAnswer(line);
    } catch (error) {
      // Out of step or gone: no later answer can be trusted to match its question.
      this.#broken = error instanceof Error ? error : new Error(String(error));
      throw this.#broken;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.#writer.close().catch(() => {});
    await this.#lines.cancel();
    try {
      this.#child.kill("SIGTERM");
    } catch {
      // Already ended (its stdin closed).
    }
    await this.#child.status;
  }
}

/**
 * How to run this program again with the helper's subcommand: a compiled binary is itself; a
 * script runs under `deno run` with only what the helper uses (libc, for reading `/proc` and
 * for its privilege calls).
 */
function helperCommand(): string[] {
  if (Deno.build.standalone) return [];
  const main = new URL("../main.ts", import.meta.url).pathname;
  const config = new URL("../deno.json", import.meta.url).pathname;
  return [
    "run",
    "--no-prompt",
    `--config=${config}`,
    "--allow-ffi",
    "--allow-env",
    main,
  ];
}

/** Where the runtime finds its cache; nothing of the analyzer's own settings. */
function keptEnvironment(): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const name of ["DENO_DIR", "HOME"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}
