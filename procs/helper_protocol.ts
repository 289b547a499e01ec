/**
 * What the analyzer and its process helper say over the helper's stdin and stdout: one JSON
 * object per line each way, one answer per question, in order.
 *
 *   -> {"inodes":[123,456]}
 *   <- {"owners":[[123,4242]],"processes":[[4242,1000,"curl","curl https://example.org"]],
 *       "links":812,"truncated":false}
 *
 * The helper answers nothing else; a line it cannot read ends it (the analyzer then counts the
 * sockets it asked about as unattributed and says so once).
 */

import type { ProcessInfo } from "./socket_owners.ts";

/** Inodes one question may carry: every socket of the four tables the analyzer reads at once. */
export const MAX_QUERY_INODES = 65_536;
/** A question's line at most: 65,536 inodes of up to 20 digits and their commas, with room. */
export const MAX_QUESTION_BYTES = 2 * 1024 * 1024;
/**
 * An answer's line at most: one owner per inode asked, each a few numbers and a name and a
 * command line cut at 256 characters, several times over in UTF-8 escapes.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** The hidden subcommand that runs the helper (never shown in `--help`). */
export const HELPER_SUBCOMMAND = "--process-owner-helper";

export interface HelperAnswer {
  owners: Map<number, ProcessInfo>;
  links: number;
  truncated: boolean;
}

export function encodeQuestion(inodes: readonly number[]): string {
  return `${JSON.stringify({ inodes: inodes.slice(0, MAX_QUERY_INODES) })}\n`;
}

/** The inodes of a question line; throws SyntaxError/RangeError for anything else. */
export function decodeQuestion(line: string): number[] {
  if (line.length > MAX_QUESTION_BYTES) throw new RangeError("question too long");
  const value = JSON.parse(line) as { inodes?: unknown };
  const inodes = value?.inodes;
  if (!Array.isArray(inodes) || inodes.length > MAX_QUERY_INODES) {
    throw new RangeError("question without an inode list");
  }
  for (const inode of inodes) {
    if (!Number.isSafeInteger(inode) || inode <= 0) throw new RangeError("bad inode");
  }
  return inodes as number[];
}

export function encodeAnswer(answer: HelperAnswer): string {
  // One process holds many sockets: its name and command line go once.
  const processes = new Map<number, ProcessInfo>();
  const owners: [number, number][] = [];
  for (const [inode, p] of answer.owners) {
    owners.push([inode, p.pid]);
    processes.set(p.pid, p);
  }
  const rows = [...processes.values()].map((p) => [p.pid, p.uid, p.name, p.cmdline]);
  return `${
    JSON.stringify({
      owners,
      processes: rows,
      links: answer.links,
      truncated: answer.truncated,
    })
  }\n`;
}

/** An answer line; throws for one that is not an answer. */
export function decodeAnswer(line: string): HelperAnswer {
  const value = JSON.parse(line) as {
    owners?: unknown;
    processes?: unknown;
    links?: unknown;
    truncated?: unknown;
  };
  if (!Array.isArray(value?.owners) || !Array.isArray(value.processes)) {
    throw new SyntaxError("answer without owners");
  }
  const processes = new Map<number, ProcessInfo>();
  for (const row of value.processes as unknown[]) {
    if (!Array.isArray(row) || row.length !== 4) throw new SyntaxError("bad process row");
    const [pid, uid, name, cmdline] = row;
    if (
      typeof pid !== "number" || typeof uid !== "number" || typeof name !== "string" ||
      typeof cmdline !== "string"
    ) throw new SyntaxError("bad process row");
    processes.set(pid, { pid, uid, name, cmdline });
  }
  const owners = new Map<number, ProcessInfo>();
  for (const row of value.owners as unknown[]) {
    const [inode, pid] = Array.isArray(row) ? row : [];
    const process = typeof inode === "number" ? processes.get(pid) : undefined;
    if (typeof inode !== "number" || !process) throw new SyntaxError("bad owner row");
    owners.set(inode, process);
  }
  return {
    owners,
    links: typeof value.links === "number" ? value.links : 0,
    truncated: value.truncated === true,
  };
}
