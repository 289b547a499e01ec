/**
 * Which process holds a socket: the kernel names each open socket `socket:[INODE]` in
 * `/proc/PID/fd`, and the inode is the one `/proc/net/*` lists. Reading another user's `fd`
 * folder needs `CAP_SYS_PTRACE` (ptrace read access, `proc_fd_access_allowed()`) and
 * `CAP_DAC_READ_SEARCH` (the folder is 0500): what the helper keeps (see `owner_helper.ts`).
 *
 * Read through libc on the calling thread (`ffi/proc_files.ts`): Deno grants `/proc/PID` only to
 * `--allow-all`, and the calling thread is the one thread of the helper that keeps those
 * capabilities (Linux keeps capabilities per thread).
 */

import { listProcDir, readProcLink, readProcText } from "../ffi/proc_files.ts";

/** A process as wirescope reports it. */
export interface ProcessInfo {
  pid: number;
  /** `comm`: the kernel's 15-character name, what `ps`, `top` and bandwhich show. */
  name: string;
  /** Arguments joined by spaces, cut at `MAX_CMDLINE_CHARS`. */
  cmdline: string;
  uid: number;
}

/** Command lines are cut here: enough to tell two `python3` apart, never a megabyte of argv. */
export const MAX_CMDLINE_CHARS = 256;
/**
 * `fd` links read per scan at most: a scan's time is bounded however many processes and files
 * the host has (about 1 µs a link here; a scan stops at ~0.3 s and says it did).
 */
export const MAX_FD_LINKS_PER_SCAN = 262_144;

export interface OwnerScan {
  owners: Map<number, ProcessInfo>;
  /** fd links read. */
  links: number;
  /** True when `MAX_FD_LINKS_PER_SCAN` stopped the scan before every process was read. */
  truncated: boolean;
}

const SOCKET_LINK = /^socket:\[(\d+)\]$/;
/** Processes listed at most: Linux's pid_max is at most 4,194,304. */
const MAX_PIDS = 4_194_304;
const MAX_NAME_BYTES = 64;
const MAX_STATUS_BYTES = 4096;

/**
 * The processes holding each of `wanted` (socket inodes). A socket shared by several processes
 * (inherited over fork) goes to the lowest pid, the one that usually made it. Processes that end
 * while being read are passed over. Reads through libc (`ffi/proc_files.ts`).
 */
export function findSocketOwners(
  wanted: ReadonlySet<number>,
  root = "/proc",
  maxLinks = MAX_FD_LINKS_PER_SCAN,
): OwnerScan {
  const owners = new Map<number, ProcessInfo>();
  const scan: OwnerScan = { owners, links: 0, truncated: false };
  if (wanted.size === 0) return scan;
  const pids = (listProcDir(root, MAX_PIDS) ?? []).filter((name) => /^\d+$/.test(name))
    .map(Number).sort((a, b) => a - b);
  for (const pid of pids) {
    if (owners.size === wanted.size) break;
    if (scan.links >= maxLinks) {
      scan.truncated = true;
      break;
    }
    const fds = listProcDir(`${root}/${pid}/fd`, maxLinks - scan.links);
    if (fds === null) continue; // gone, or not ours to read
    let found: number[] | undefined;
    for (const fd of fds) {
      scan.links++;
      const target = readProcLink(`${root}/${pid}/fd/${fd}`);
      const match = target === null ? null : SOCKET_LINK.exec(target);
      if (!match) continue;
      const inode = Number(match[1]);
      if (wanted.has(inode) && !owners.has(inode)) (found ??= []).push(inode);
    }
    if (found) {
      const info = describeProcess(pid, root);
      if (info) { for (const inode of found) owners.set(inode, info); }
    }
  }
  return scan;
}

/** Name, bounded command line and owner of process `pid`, or null once it has ended. */
export function describeProcess(pid: number, root = "/proc"): ProcessInfo | null {
  const comm = readProcText(`${root}/${pid}/comm`, MAX_NAME_BYTES);
  const status = readProcText(`${root}/${pid}/status`, MAX_STATUS_BYTES);
  const cmdline = readProcText(`${root}/${pid}/cmdline`, MAX_CMDLINE_CHARS * 4);
  const uid = status && /^Uid:\s+(\d+)/m.exec(status);
  if (comm === null || !uid) return null;
  // Arguments are NUL-separated (and NUL-ended); a kernel thread has none.
  const args = (cmdline ?? "").replace(/\0+$/, "").replaceAll("\0", " ");
  return {
    pid,
    name: comm.replace(/\n$/, ""),
    cmdline: args.length > MAX_CMDLINE_CHARS ? args.slice(0, MAX_CMDLINE_CHARS) : args,
    uid: Number(uid[1]),
  };
}
