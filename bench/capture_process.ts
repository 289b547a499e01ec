/**
 * A capture program run by the live benchmark: started, waited for until it says it listens,
 * sampled for CPU time and memory while traffic flows, then stopped with SIGINT (which both
 * tcpdump and wirescope answer by printing their counters) and collected.
 */
import { readPeakRssKib } from "./measure.ts";

/** Linux reports utime/stime in USER_HZ ticks; `getconf CLK_TCK` gives it, 100 nearly always. */
const DEFAULT_CLK_TCK = 100;
/** How long a capture program may take to start listening (Deno compiles main.ts first). */
const READY_TIMEOUT_MS = 30_000;
/** How long a stopped capture program may take to print its counters and exit. */
const EXIT_TIMEOUT_MS = 15_000;
/**
 * After SIGINT, how long to wait before nudging: a program blocked in a read on an idle
 * interface may only notice the signal when a frame arrives.
 */
const NUDGE_AFTER_MS = 2_000;
const NUDGE_EVERY_MS = 200;
const MAX_NUDGES = 25;
/**
 * CPU time and peak memory are sampled this often in the background, so that the last values
 * survive a program that exits by itself (wirescope with -c) before anyone asks.
 */
const SAMPLE_MS = 100;

export interface ProcessOutput {
  code: number;
  stdout: string;
  stderr: string;
  /** Frames sent by the nudge callback to wake the program after SIGINT. */
  nudges: number;
}

export class CaptureProcess {
  readonly pid: number;
  readonly #child: Deno.ChildProcess;
  readonly #stdout: Promise<string>;
  readonly #stderr: Promise<string>;
  #stderrText = "";
  #exited = false;
  #cpuSeconds: number | undefined;
  #peakRssKib: number | undefined;
  readonly #sampler: ReturnType<typeof setInterval>;

  /** Starts `command` and resolves once its stderr matches `ready`. */
  static async start(command: string[], ready: RegExp): Promise<CaptureProcess> {
    const capture = new CaptureProcess(command);
    await capture.#waitFor(ready);
    return capture;
  }

  private constructor(command: string[]) {
    const [program, ...args] = command;
    if (program === undefined) throw new TypeError("Cannot start capture: empty command");
    this.#child = new Deno.Command(program, { args, stdout: "piped", stderr: "piped" }).spawn();
    this.pid = this.#child.pid;
    this.#stdout = new Response(this.#child.stdout).text();
    this.#stderr = this.#collectStderr();
    this.#sampler = setInterval(() => this.#sample(), SAMPLE_MS);
    this.#child.status.then(() => {
      this.#exited = true;
      clearInterval(this.#sampler);
    });
  }

  get exited(): boolean {
    return this.#exited;
  }

  /** CPU seconds (user + system, all threads) used so far, or at the last sample before exit. */
  cpuSeconds(): number | undefined {
    this.#sample();
    return this.#cpuSeconds;
  }

  /** Peak resident memory in MiB, as of now or the last sample before exit. */
  peakRssMb(): number | undefined {
    this.#sample();
    return this.#peakRssKib === undefined ? undefined : this.#peakRssKib / 1024;
  }

  /**
   * Sends SIGINT and collects what the program printed. If it is still running after
   * `NUDGE_AFTER_MS`, calls `nudge` (which should send it one frame) every `NUDGE_EVERY_MS`,
   * at most `MAX_NUDGES` times; SIGKILL if it has not exited after `EXIT_TIMEOUT_MS`.
   */
  async stop(nudge?: () => Promise<void>): Promise<ProcessOutput> {
    let nudges = 0;
    if (!this.#exited) this.#child.kill("SIGINT");
    const killer = setTimeout(() => {
      if (!this.#exited) this.#child.kill("SIGKILL");
    }, EXIT_TIMEOUT_MS);
    try {
      if (nudge) {
        await this.#exitWithin(NUDGE_AFTER_MS);
        while (!this.#exited && nudges < MAX_NUDGES) {
          await nudge();
          nudges++;
          await this.#exitWithin(NUDGE_EVERY_MS);
        }
      }
      const status = await this.#child.status;
      return { code: status.code, stdout: await this.#stdout, stderr: await this.#stderr, nudges };
    } finally {
      clearTimeout(killer);
    }
  }

  /** Kills the process if it still runs; for cleanup after an error. */
  kill(): void {
    if (!this.#exited) {
      try {
        this.#child.kill("SIGKILL");
      } catch {
        // already gone
      }
    }
  }

  #sample(): void {
    if (this.#exited) return;
    const cpu = readCpuSeconds(this.pid);
    if (cpu !== undefined) this.#cpuSeconds = cpu;
    const kib = readPeakRssKib(this.pid);
    if (kib !== undefined && (this.#peakRssKib === undefined || kib > this.#peakRssKib)) {
      this.#peakRssKib = kib;
    }
  }

  /** Resolves when the process exits or `ms` have passed, whichever comes first. */
  async #exitWithin(ms: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => timer = setTimeout(resolve, ms));
    await Promise.race([this.#child.status, timeout]);
    clearTimeout(timer);
  }

  async #collectStderr(): Promise<string> {
    const decoder = new TextDecoder();
    for await (const chunk of this.#child.stderr) {
      this.#stderrText += decoder.decode(chunk, { stream: true });
    }
    return this.#stderrText;
  }

  async #waitFor(ready: RegExp): Promise<void> {
    const deadline = performance.now() + READY_TIMEOUT_MS;
    while (!ready.test(this.#stderrText)) {
      if (this.#exited || performance.now() > deadline) {
        const output = await this.stop();
        const why = this.#exited ? `exited with ${output.code}` : "did not start in time";
        throw new Error(
          `Cannot start capture: it ${why}: ${output.stderr.trim().split("\n").at(-1)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

let clockTicks: number | undefined;

/** utime + stime of a process from /proc/<pid>/stat, in seconds; undefined once it is gone. */
export function readCpuSeconds(pid: number): number | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync(`/proc/${pid}/stat`);
  } catch {
    return undefined;
  }
  const ticks = parseCpuTicks(text);
  return ticks === undefined ? undefined : ticks / clockTicksPerSecond();
}

/**
 * utime + stime in ticks from the text of /proc/<pid>/stat (proc(5): fields 14 and 15). The
 * command name (field 2) may hold spaces and parentheses, so fields are counted from the last ")".
 */
export function parseCpuTicks(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state), so field 14 is fields[11].
  const utime = Number(fields[11]), stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

function clockTicksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      const out = new Deno.Command("getconf", { args: ["CLK_TCK"], stdout: "piped" }).outputSync();
      const value = Number(new TextDecoder().decode(out.stdout).trim());
      clockTicks = value > 0 ? value : DEFAULT_CLK_TCK;
    } catch {
      clockTicks = DEFAULT_CLK_TCK;
    }
  }
  return clockTicks;
}
