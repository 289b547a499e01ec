/**
 * The native boundary for a thread's scheduling policy (`--realtime`), through glibc.
 *
 * Linux schedules threads, not processes: `sched_setscheduler` with id 0 changes the calling
 * thread only. With SCHED_RESET_ON_FORK, every thread and process it creates afterwards starts
 * under the normal policy again, so the runtime's pool threads, later workers and helper
 * processes never inherit real-time priority by accident.
 */
import { ERRNO_SYMBOLS, errnoText } from "./libc_errno.ts";

const symbols = {
  // int sched_setscheduler(pid_t pid, int policy, const struct sched_param *param)
  sched_setscheduler: { parameters: ["i32", "i32", "buffer"], result: "i32" },
  // int sched_getscheduler(pid_t pid)
  sched_getscheduler: { parameters: ["i32"], result: "i32" },
  // int sched_getparam(pid_t pid, struct sched_param *param)
  sched_getparam: { parameters: ["i32", "buffer"], result: "i32" },
  ...ERRNO_SYMBOLS,
} as const satisfies Deno.ForeignLibraryInterface;

type LibcSymbols = Deno.DynamicLibrary<typeof symbols>["symbols"];

/** Policies and the flag from linux/sched.h. */
export const SCHED_OTHER = 0;
export const SCHED_RR = 2;
export const SCHED_RESET_ON_FORK = 0x40000000;

/** Changing or reading a scheduling policy failed; its message is one line for the user. */
export class SchedulingError extends Error {
  override name = "SchedulingError";
}

/** A thread's scheduling as the kernel reports it. */
export interface ThreadScheduling {
  /** SCHED_OTHER, SCHED_RR, ... without the reset-on-fork flag. */
  policy: number;
  /** The static priority of a real-time policy (1-99); 0 under SCHED_OTHER. */
  priority: number;
  /** Threads and processes it creates start under SCHED_OTHER. */
  resetOnFork: boolean;
}

let loaded: LibcSymbols | undefined;

function libc(): LibcSymbols {
  if (loaded) return loaded;
  if (Deno.build.os !== "linux") {
    throw new SchedulingError("real-time scheduling is only supported on Linux");
  }
  try {
    loaded = Deno.dlopen("libc.so.6", symbols).symbols;
  } catch (error) {
    throw new SchedulingError(`cannot load libc.so.6 (${(error as Error).message})`, {
      cause: error,
    });
  }
  return loaded;
}

/**
 * Run the calling thread under SCHED_RR at `priority` (1 is the lowest real-time priority, below
 * the kernel's own real-time threads), with reset-on-fork. Needs root, CAP_SYS_NICE or an
 * RLIMIT_RTPRIO of at least `priority`.
 */
export function scheduleThreadRoundRobin(priority: number): void {
  const lib = libc();
  const param = new Int32Array([priority]);
  if (lib.sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, param) !== 0) {
    throw new SchedulingError(`sched_setscheduler: ${errnoText(lib)}`);
  }
}

/** The scheduling of thread `tid` (of any process; 0 for the calling thread). */
export function threadScheduling(tid: number): ThreadScheduling {
  const lib = libc();
  const policy = lib.sched_getscheduler(tid);
  if (policy < 0) throw new SchedulingError(`sched_getscheduler(${tid}): ${errnoText(lib)}`);
  const param = new Int32Array(1);
  if (lib.sched_getparam(tid, param) !== 0) {
    throw new SchedulingError(`sched_getparam(${tid}): ${errnoText(lib)}`);
  }
  return {
    policy: policy & ~SCHED_RESET_ON_FORK,
    priority: param[0]!,
    resetOnFork: (policy & SCHED_RESET_ON_FORK) !== 0,
  };
}
