/**
 * The native boundary for giving up privileges: user and group ids, supplementary groups and
 * Linux capabilities, through glibc (`libc.so.6`).
 *
 * glibc applies every set*id call to all threads of the process (its setxid broadcast), so one
 * call here also changes the capture worker's thread. Capabilities are per thread in Linux and
 * have no such broadcast: `dropThreadCapabilities()` clears only the calling thread's, and each
 * thread that holds some must call it itself, unless a uid change clears them all
 * (`clearEveryThreadsCapabilities()`).
 */
import { ERRNO_SYMBOLS, errnoText } from "./libc_errno.ts";
import { listProcDir, readProcText } from "./proc_files.ts";

const symbols = {
  // uid_t getuid(void)
  getuid: { parameters: [], result: "u32" },
  // uid_t geteuid(void)
  geteuid: { parameters: [], result: "u32" },
  // gid_t getgid(void)
  getgid: { parameters: [], result: "u32" },
  // int getgroups(int size, gid_t list[])
  getgroups: { parameters: ["i32", "buffer"], result: "i32" },
  // int setgroups(size_t size, const gid_t *list)
  setgroups: { parameters: ["usize", "buffer"], result: "i32" },
  // int initgroups(const char *user, gid_t group)
  initgroups: { parameters: ["buffer", "u32"], result: "i32" },
  // int setresgid(gid_t rgid, gid_t egid, gid_t sgid)
  setresgid: { parameters: ["u32", "u32", "u32"], result: "i32" },
  // int setresuid(uid_t ruid, uid_t euid, uid_t suid)
  setresuid: { parameters: ["u32", "u32", "u32"], result: "i32" },
  // struct passwd *getpwnam(const char *name)
  getpwnam: { parameters: ["buffer"], result: "pointer" },
  // struct passwd *getpwuid(uid_t uid)
  getpwuid: { parameters: ["u32"], result: "pointer" },
  // int capget(cap_user_header_t hdrp, cap_user_data_t datap)
  capget: { parameters: ["buffer", "buffer"], result: "i32" },
  // int capset(cap_user_header_t hdrp, const cap_user_data_t datap)
  capset: { parameters: ["buffer", "buffer"], result: "i32" },
  // int prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4,
  //           unsigned long arg5)
  prctl: { parameters: ["i32", "u64", "u64", "u64", "u64"], result: "i32" },
  ...ERRNO_SYMBOLS,
} as const satisfies Deno.ForeignLibraryInterface;

type LibcSymbols = Deno.DynamicLibrary<typeof symbols>["symbols"];

/** `_LINUX_CAPABILITY_VERSION_3`: two 32-bit words per set, 64 capabilities. */
const CAPABILITY_VERSION_3 = 0x20080522;
/** prctl options from linux/prctl.h. */
const PR_SET_NO_NEW_PRIVS = 38;
const PR_SET_KEEPCAPS = 8;
const PR_CAP_AMBIENT = 47;
const PR_CAP_AMBIENT_CLEAR_ALL = 4;
/** Offsets in glibc's `struct passwd` on LP64 (two pointers, then uid and gid). */
const PASSWD_UID_OFFSET = 16;
const PASSWD_GID_OFFSET = 20;
/** Far more supplementary groups than Linux allows (NGROUPS_MAX is 65536); read in one go. */
const MAX_GROUPS = 65_536;

/** Giving up privileges failed; its message is one line for the user. */
export class PrivilegeError extends Error {
  override name = "PrivilegeError";
}

/** A user to run as. */
export interface Account {
  name: string;
  uid: number;
  gid: number;
}

let loaded: LibcSymbols | undefined;

function libc(): LibcSymbols {
  if (loaded) return loaded;
  if (Deno.build.os !== "linux") {
    throw new PrivilegeError("Cannot drop privileges: only Linux is supported; use --no-drop");
  }
  try {
    loaded = Deno.dlopen("libc.so.6", symbols).symbols;
  } catch (error) {
    throw new PrivilegeError(
      `Cannot drop privileges: cannot load libc.so.6 (${(error as Error).message}); use --no-drop`,
      { cause: error },
    );
  }
  return loaded;
}

function cString(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${text}\0`);
}

function accountAt(passwd: Deno.PointerValue): Account | undefined {
  if (!passwd) return undefined;
  const view = new Deno.UnsafePointerView(passwd);
  const name = view.getPointer(0);
  return {
    name: name ? Deno.UnsafePointerView.getCString(name) : "",
    uid: view.getUint32(PASSWD_UID_OFFSET),
    gid: view.getUint32(PASSWD_GID_OFFSET),
  };
}

/** The account called `name` (through NSS, so LDAP and friends count), if there is one. */
export function accountByName(name: string): Account | undefined {
  return accountAt(libc().getpwnam(cString(name)));
}

/** The account with user id `uid`, if one is listed. */
export function accountById(uid: number): Account | undefined {
  return accountAt(libc().getpwuid(uid));
}

/** Real and effective user id, and real group id of the process. */
export function currentIds(): { uid: number; euid: number; gid: number } {
  const lib = libc();
  return { uid: lib.getuid(), euid: lib.geteuid(), gid: lib.getgid() };
}

/** The supplementary groups of the process. */
export function supplementaryGroups(): number[] {
  const lib = libc();
  const list = new Uint32Array(MAX_GROUPS);
  const count = lib.getgroups(MAX_GROUPS, list);
  if (count < 0) throw new PrivilegeError(`Cannot read groups: ${errnoText(lib)}`);
  return Array.from(list.subarray(0, count));
}

/**
 * Become `account` for good: supplementary groups first (the account's own, as `initgroups`
 * lists them, else only its primary group), then real, effective and saved gid, then uid; the
 * order matters because only root may change groups. Then check that root cannot be regained.
 * Leaving uid 0 makes the kernel clear every thread's permitted and effective capabilities.
 */
export function becomeAccount(account: Account): void {
  const lib = libc();
  const who = `"${account.name}" (uid ${account.uid}, gid ${account.gid})`;
  if (lib.initgroups(cString(account.name), account.gid) !== 0) {
    const only = new Uint32Array([account.gid]);
    if (lib.setgroups(1n, only) !== 0) {
      throw new PrivilegeError(`Cannot drop privileges to ${who}: setgroups: ${errnoText(lib)}`);
    }
  }
  if (lib.setresgid(account.gid, account.gid, account.gid) !== 0) {
    throw new PrivilegeError(`Cannot drop privileges to ${who}: setresgid: ${errnoText(lib)}`);
  }
  if (lib.setresuid(account.uid, account.uid, account.uid) !== 0) {
    throw new PrivilegeError(`Cannot drop privileges to ${who}: setresuid: ${errnoText(lib)}`);
  }
  // As tcpdump does: a drop that could be undone is no drop.
  if (account.uid !== 0 && lib.setresuid(0, 0, 0) === 0) {
    throw new PrivilegeError(`Cannot drop privileges to ${who}: root could be regained`);
  }
  const ids = currentIds();
  if (ids.uid !== account.uid || ids.euid !== account.uid || ids.gid !== account.gid) {
    throw new PrivilegeError(`Cannot drop privileges to ${who}: the ids did not change`);
  }
}

/** CAP_SETUID's bit in a capability mask (linux/capability.h). */
export const CAP_SETUID_MASK = 1n << 7n;
/** `(uid_t) -1`: leave this id as it is. */
const UNCHANGED = 0xffffffff;

/**
 * Clear the capabilities of every thread at once, for a process that is not root but holds
 * CAP_SETUID in every thread's effective set (file capabilities that include it). Linux has no
 * call that changes another thread's capabilities, but it clears a thread's permitted, effective
 * and ambient sets when one of its real, effective or saved uids was 0 and none is any longer,
 * and glibc applies set*id calls to every thread. So: saved uid 0 for a moment (the effective
 * uid, which file access uses, never changes), then the real uid in all three, in every thread.
 * Checked first in /proc that every thread may do it (glibc aborts the process when a set*id
 * call fails on one thread), and after that no thread holds anything.
 */
export function clearEveryThreadsCapabilities(): void {
  const lib = libc();
  const uid = lib.getuid();
  if (uid === 0) throw new PrivilegeError("Cannot clear capabilities this way as root");
  for (const thread of threadCapabilitySets()) {
    if ((thread.effective & CAP_SETUID_MASK) === 0n) {
      throw new PrivilegeError(
        `Cannot drop capabilities: thread ${thread.tid} lacks CAP_SETUID; use --no-drop`,
      );
    }
  }
  if (lib.setresuid(UNCHANGED, UNCHANGED, 0) !== 0) {
    throw new PrivilegeError(`Cannot drop capabilities: setresuid: ${errnoText(lib)}`);
  }
  if (lib.setresuid(uid, uid, uid) !== 0) {
    throw new PrivilegeError(`Cannot drop capabilities: setresuid: ${errnoText(lib)}`);
  }
  // Nothing is left to inherit either (the uid change leaves the inheritable set alone).
  dropThreadCapabilities();
  if (lib.setresuid(0, 0, 0) === 0) {
    throw new PrivilegeError("Cannot drop capabilities: root could be regained");
  }
  const holding = threadCapabilitySets().filter((t) => t.permitted !== 0n || t.effective !== 0n);
  if (holding.length > 0) {
    throw new PrivilegeError(
      `Cannot drop capabilities: thread ${holding[0]!.tid} still holds some`,
    );
  }
}

/** Threads listed at most: far more than the runtime starts (about 70 on a busy machine). */
const MAX_THREADS = 65_536;
/** A thread's status file is about 1.5 KiB. */
const MAX_STATUS_BYTES = 16_384;

/**
 * Every thread of this process with its effective and permitted capabilities, from /proc (read
 * through libc: Deno grants /proc/self/task only to --allow-all).
 */
function threadCapabilitySets(): { tid: string; effective: bigint; permitted: bigint }[] {
  const tasks = listProcDir("/proc/self/task", MAX_THREADS);
  if (tasks === null) throw new PrivilegeError("Cannot list this process's threads in /proc");
  const threads = [];
  for (const tid of tasks) {
    const status = readProcText(`/proc/self/task/${tid}/status`, MAX_STATUS_BYTES);
    if (status === null) continue; // A thread that ended while we looked.
    const mask = (name: string) => {
      const match = new RegExp(`^${name}:\\s*([0-9a-f]+)$`, "m").exec(status);
      return match ? BigInt(`0x${match[1]}`) : 0n;
    };
    threads.push({ tid, effective: mask("CapEff"), permitted: mask("CapPrm") });
  }
  return threads;
}

/**
 * Forbid gaining privileges through exec (setuid binaries, file capabilities) from now on, for
 * this process and everything it starts. Inherited by threads created later.
 */
export function forbidNewPrivileges(): void {
  const lib = libc();
  if (lib.prctl(PR_SET_NO_NEW_PRIVS, 1n, 0n, 0n, 0n) !== 0) {
    throw new PrivilegeError(`Cannot set no_new_privs: ${errnoText(lib)}`);
  }
}

/** This thread's capability sets, as 64-bit masks. */
export function threadCapabilities(): {
  effective: bigint;
  permitted: bigint;
  inheritable: bigint;
} {
  const lib = libc();
  const header = new Uint32Array([CAPABILITY_VERSION_3, 0]);
  const data = new Uint32Array(6);
  if (lib.capget(header, data) !== 0) {
    throw new PrivilegeError(`Cannot read capabilities: ${errnoText(lib)}`);
  }
  const word = (low: number, high: number) => BigInt(data[low]!) | BigInt(data[high]!) << 32n;
  return { effective: word(0, 3), permitted: word(1, 4), inheritable: word(2, 5) };
}

/**
 * Clear the calling thread's effective, permitted, inheritable and ambient capabilities. Only
 * this thread: Linux keeps capabilities per thread.
 */
export function dropThreadCapabilities(): void {
  const lib = libc();
  // Ambient capabilities would come back on exec; they need the permitted ones, so go first.
  // EINVAL means a kernel before 4.3, which has no ambient set to clear.
  lib.prctl(PR_CAP_AMBIENT, BigInt(PR_CAP_AMBIENT_CLEAR_ALL), 0n, 0n, 0n);
  const header = new Uint32Array([CAPABILITY_VERSION_3, 0]);
  if (lib.capset(header, new Uint32Array(6)) !== 0) {
    throw new PrivilegeError(`Cannot drop capabilities: capset: ${errnoText(lib)}`);
  }
}

/**
 * Keep (or stop keeping) this thread's permitted capabilities when its uid leaves 0
 * (`PR_SET_KEEPCAPS`, a per-thread flag): what lets a helper become another user and still hold
 * the few capabilities it was started for, while every other thread loses all of them.
 */
export function keepCapabilitiesOnUidChange(keep: boolean): void {
  const lib = libc();
  if (lib.prctl(PR_SET_KEEPCAPS, keep ? 1n : 0n, 0n, 0n, 0n) !== 0) {
    throw new PrivilegeError(`Cannot set keep-capabilities: ${errnoText(lib)}`);
  }
}

/**
 * Make `mask` the calling thread's effective and permitted capabilities, and nothing
 * inheritable or ambient; a capability outside what it permits cannot be gained this way.
 */
export function limitThreadCapabilities(mask: bigint): void {
  const lib = libc();
  lib.prctl(PR_CAP_AMBIENT, BigInt(PR_CAP_AMBIENT_CLEAR_ALL), 0n, 0n, 0n);
  const low = Number(mask & 0xffffffffn);
  const high = Number(mask >> 32n);
  const header = new Uint32Array([CAPABILITY_VERSION_3, 0]);
  const data = new Uint32Array([low, low, 0, high, high, 0]);
  if (lib.capset(header, data) !== 0) {
    throw new PrivilegeError(`Cannot limit capabilities: capset: ${errnoText(lib)}`);
  }
}
