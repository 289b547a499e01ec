/**
 * The process helper: a small child the analyzer starts as root before it drops privileges (as
 * Wireshark starts dumpcap). It becomes the same unprivileged user as the analyzer but keeps
 * two capabilities on its one working thread, `CAP_DAC_READ_SEARCH` and `CAP_SYS_PTRACE`,
 * enough to read every process's `/proc/PID/fd`, and answers which process holds which socket
 * inode over its stdin and stdout (`helper_protocol.ts`). It reads nothing else, writes nothing,
 * opens no socket, and ends when its stdin closes (the analyzer ended).
 */

import {
  becomeAccount,
  currentIds,
  forbidNewPrivileges,
  keepCapabilitiesOnUidChange,
  limitThreadCapabilities,
  threadCapabilities,
} from "../ffi/privileges.ts";
import {
  decodeQuestion,
  encodeAnswer,
  HELPER_SUBCOMMAND,
  MAX_QUESTION_BYTES,
} from "./helper_protocol.ts";
import { findSocketOwners } from "./socket_owners.ts";
import { LineBuffer } from "./line_reader.ts";

/** linux/capability.h */
export const CAP_DAC_READ_SEARCH = 2;
export const CAP_SYS_PTRACE = 19;
/** What the helper keeps: reading `/proc/PID/fd` of any process, nothing more. */
export const HELPER_CAPABILITIES = (1n << BigInt(CAP_DAC_READ_SEARCH)) |
  (1n << BigInt(CAP_SYS_PTRACE));

/** Who the helper becomes: the analyzer's drop target. */
export interface HelperAccount {
  name: string;
  uid: number;
  gid: number;
}

/** The helper's arguments after the subcommand: the account as JSON, or nothing to stay as is. */
export function helperArgs(account: HelperAccount | undefined): string[] {
  return account ? [HELPER_SUBCOMMAND, JSON.stringify(account)] : [HELPER_SUBCOMMAND];
}

/**
 * Give up everything but `HELPER_CAPABILITIES`. Keep-capabilities is set on this thread only, so
 * the uid change (which glibc applies to every thread) clears the runtime's other threads'
 * capabilities entirely, and this thread keeps its permitted set long enough to narrow it.
 */
export function narrowToHelperCapabilities(account: HelperAccount): void {
  keepCapabilitiesOnUidChange(true);
  becomeAccount(account);
  limitThreadCapabilities(HELPER_CAPABILITIES);
  keepCapabilitiesOnUidChange(false);
  forbidNewPrivileges();
  const held = threadCapabilities();
  if (held.permitted !== HELPER_CAPABILITIES || held.effective !== HELPER_CAPABILITIES) {
    throw new Error("Cannot start the process helper: its capabilities did not narrow");
  }
}

/** The helper's main: `args` are what follows the subcommand. Returns the exit status. */
export function runOwnerHelper(args: string[]): number {
  if (args.length > 0) {
    const account = JSON.parse(args[0]!) as HelperAccount;
    if (!Number.isInteger(account.uid) || !Number.isInteger(account.gid)) {
      throw new Error("Cannot start the process helper: bad account");
    }
    if (currentIds().euid === 0 && account.uid !== 0) narrowToHelperCapabilities(account);
  }
  // Synchronous reads and writes on this one thread: an asynchronous read would start runtime
  // threads from this one, and a new thread inherits the capabilities of the one that made it.
  const lines = new SyncLineReader(MAX_QUESTION_BYTES);
  const encoder = new TextEncoder();
  for (;;) {
    const line = lines.next();
    if (line === null) return 0;
    const inodes = decodeQuestion(line);
    const scan = findSocketOwners(new Set(inodes));
    const bytes = encoder.encode(encodeAnswer(scan));
    for (let written = 0; written < bytes.length;) {
      written += Deno.stdout.writeSync(bytes.subarray(written));
    }
  }
}

/** Lines of standard input, read synchronously, each at most `maxBytes`. */
class SyncLineReader {
  readonly #buffer = new Uint8Array(64 * 1024);
  readonly #decoder = new TextDecoder();
  readonly #lines: LineBuffer;

  constructor(maxBytes: number) {
    this.#lines = new LineBuffer(maxBytes);
  }

  next(): string | null {
    for (;;) {
      const line = this.#lines.take();
      if (line !== null) return line;
      const n = Deno.stdin.readSync(this.#buffer);
      if (n === null || n === 0) return null;
      this.#lines.append(this.#decoder.decode(this.#buffer.subarray(0, n), { stream: true }));
    }
  }
}
