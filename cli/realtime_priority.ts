/**
 * `--realtime`: the thread that serves HTTP and drains packets runs under SCHED_RR.
 *
 * On a machine whose CPUs are all busy (the capture worker, a sender, a browser), the normal
 * scheduler lets that thread wait tens of milliseconds to run even though its own tasks take a
 * few: the 30-minute soaks measured /stats p99 of 12.6-43.0 ms at normal priority against 8.0-19.7
 * ms at SCHED_RR (README, Soak results). Real-time priority is opt-in because
 * wirescope is often a guest on a busy host: at SCHED_RR it would run ahead of the host's own
 * services whenever packets arrive. Priority 1, the lowest real-time one, leaves the kernel's
 * real-time threads above it, but not its normal-priority ones (ksoftirqd, kworkers) nor the
 * capture worker: on the CPU it runs on, a busy drain holds them off up to the kernel's real-time
 * throttling (95% of each second by default), so it is refused on a machine with one CPU. Only
 * this thread: the capture worker and every thread made later stay at normal priority
 * (reset-on-fork).
 *
 * Set before privileges are dropped (it needs root or CAP_SYS_NICE) and kept after. When it
 * cannot be had, wirescope says why in one line and serves at normal priority.
 */
import { scheduleThreadRoundRobin, SchedulingError } from "../ffi/scheduling.ts";

/** SCHED_RR's lowest priority. */
export const REALTIME_PRIORITY = 1;

/** The one line start-up prints about `--realtime`, whether it was granted or not. */
export function raiseServingPriority(
  cpus: number = navigator.hardwareConcurrency,
  os: string = Deno.build.os,
): string {
  const refused = (why: string) =>
    `wirescope: --realtime not applied: ${why}; serving at normal priority`;
  if (os !== "linux") return refused("real-time scheduling is only supported on Linux");
  // On one CPU the drain would hold off the capture worker and the kernel's own threads.
  if (cpus < 2) return refused("this machine has one CPU, which the capture needs too");
  try {
    scheduleThreadRoundRobin(REALTIME_PRIORITY);
    return `wirescope: serving at real-time priority (SCHED_RR ${REALTIME_PRIORITY})`;
  } catch (error) {
    if (!(error instanceof SchedulingError)) throw error;
    return refused(
      `${error.message}; it needs root (sudo), CAP_SYS_NICE or an RLIMIT_RTPRIO of at least ` +
        REALTIME_PRIORITY,
    );
  }
}
