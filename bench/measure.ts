/**
 * Runs one command and measures it from outside: wall time from spawn to exit, and peak
 * resident memory. The same method for every reader, C or Deno, so their figures compare.
 *
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`, the kernel's own maximum from
 * wait4()) when it is installed; otherwise from polling VmHWM in /proc/<pid>/status, which can
 * miss a peak reached in the last poll interval before exit.
 */

export const GNU_TIME = "/usr/bin/time";
/** How often VmHWM is polled without GNU time: often enough for runs of a tenth of a second. */
const POLL_MS = 5;
const KIB_PER_MB = 1024;

export interface Measurement {
  /** Wall time from spawn to exit, in seconds. */
  seconds: number;
  /** Peak resident set size in MiB; undefined when it could not be read. */
  peakRssMb: number | undefined;
  code: number;
  stdout: string;
  stderr: string;
}

export interface MeasureOptions {
  /** Use GNU time when it exists (default true); false forces /proc polling. */
  gnuTime?: boolean;
  env?: Record<string, string>;
}

let gnuTimeFound: boolean | undefined;

/** Whether `/usr/bin/time` is GNU time (it accepts -f and -o). */
export function hasGnuTime(): boolean {
  if (gnuTimeFound === undefined) {
    try {
      const out = new Deno.Command(GNU_TIME, {
        args: ["-f", "%M", "true"],
        stdout: "null",
        stderr: "piped",
      }).outputSync();
      gnuTimeFound = out.success && /^\d+\s*$/.test(new TextDecoder().decode(out.stderr));
    } catch {
      gnuTimeFound = false;
    }
  }
  return gnuTimeFound;
}

/** Runs `command` (program first) to completion and measures it. */
export async function measure(
  command: string[],
  options: MeasureOptions = {},
): Promise<Measurement> {
  const [program, ...args] = command;
  if (program === undefined) throw new TypeError("Cannot measure: the command is empty");
  const useTime = (options.gnuTime ?? true) && hasGnuTime();
  const timeFile = useTime ? await Deno.makeTempFile({ prefix: "wirescope-time-" }) : "";
  const argv = useTime ? [GNU_TIME, "-f", "%M", "-o", timeFile, program, ...args] : command;
  try {
    const start = performance.now();
    const child = new Deno.Command(argv[0]!, {
      args: argv.slice(1),
      stdout: "piped",
      stderr: "piped",
      ...(options.env ? { env: options.env } : {}),
    }).spawn();
    const poller = useTime ? undefined : pollPeak(child.pid);
    const out = await child.output();
    const seconds = (performance.now() - start) / 1000;
    let peakKib = poller ? await poller.stop() : undefined;
    if (useTime) {
      const text = (await Deno.readTextFile(timeFile)).trim().split("\n").at(-1) ?? "";
      peakKib = /^\d+$/.test(text) ? Number(text) : undefined;
    }
    const decoder = new TextDecoder();
    return {
      seconds,
      peakRssMb: peakKib === undefined ? undefined : peakKib / KIB_PER_MB,
      code: out.code,
      stdout: decoder.decode(out.stdout),
      stderr: decoder.decode(out.stderr),
    };
  } finally {
    if (timeFile) await Deno.remove(timeFile).catch(() => {});
  }
}

/** VmHWM (peak RSS) of a live process in KiB, or undefined once it has gone. */
export function readPeakRssKib(pid: number): number | undefined {
  return readStatusField(pid, "VmHWM");
}

/** VmRSS (current RSS) of a live process in KiB, or undefined once it has gone. */
export function readRssKib(pid: number): number | undefined {
  return readStatusField(pid, "VmRSS");
}

function readStatusField(pid: number, field: string): number | undefined {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Polls VmHWM until `stop()`, keeping the highest value seen. */
function pollPeak(pid: number): { stop(): Promise<number | undefined> } {
  let peak: number | undefined;
  const sample = () => {
    const kib = readPeakRssKib(pid);
    if (kib !== undefined && (peak === undefined || kib > peak)) peak = kib;
  };
  sample();
  const timer = setInterval(sample, POLL_MS);
  return {
    stop() {
      clearInterval(timer);
      return Promise.resolve(peak);
    },
  };
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) throw new RangeError("Cannot take the median of no values");
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
