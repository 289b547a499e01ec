/**
 * One soak run (root): a network namespace joined to the root namespace by a veth pair
 * (tests/support/netns.ts), wirescope serving while it captures on the root end, the dashboard
 * open in Chromium, event-stream clients (some never reading) and a `/stats` poller
 * (bench/soak_load.ts), and a corpus capture replayed from inside the namespace by
 * `tcpreplay --topspeed --loop=0` for the run's length (tcpreplay's `--duration` ends it by
 * itself). Every interval it records wirescope's resident memory and open descriptors from
 * /proc, its drop counters and the interval's `/stats` latencies. The replayed frames carry MAC
 * addresses of no host here, so the root namespace's stack drops them after the capture; nothing
 * leaves the pair. Namespace, veth, browser and processes are removed at the end and on error.
 */
import { capturePath } from "../tests/support/captures.ts";
import { freePort } from "../tests/support/free_port.ts";
import { TestNetwork } from "../tests/support/netns.ts";
import { START_FLAGS } from "../tests/support/run_cli.ts";
import { type BrowserSession, launchBrowser } from "../tests/support/browser.ts";
import { CaptureProcess } from "./capture_process.ts";
import { parseTcpreplay, type ReplayResult } from "./live_counters.ts";
import { readRssKib } from "./measure.ts";
import { SoakLoad } from "./soak_load.ts";
import { quantile, type SoakSample } from "./soak_targets.ts";
import { STATS_MAX_AGE_MS } from "../server/stats_cache.ts";
import { SCHED_OTHER, SCHED_RR, threadScheduling } from "../ffi/scheduling.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
/** How long the dashboard may take to connect its event stream in Chromium. */
const PAGE_TIMEOUT_MS = 30_000;
/** After the replay, how long wirescope may take to answer `/stats` before it counts as hung. */
const FINAL_STATS_TIMEOUT_MS = 10_000;
/** How long leaving the page, then closing Chromium, may each take at the end. */
const BROWSER_CLOSE_TIMEOUT_MS = 20_000;
/** Time for the capture worker to hand over its last batch after the replay ends. */
const FRESH_MARGIN_MS = 250;

export interface SoakOptions {
  /** Length of the replay, in seconds. */
  seconds: number;
  /** Interval between samples, in seconds (60 for the minute table). */
  sampleSeconds: number;
  /** A corpus capture name (tests/captures*), Ethernet, replayed in a loop. */
  capture: string;
  /** Event-stream clients that read, and that never read. */
  readers: number;
  nonReaders: number;
  /** Start wirescope with `--realtime` (its serving thread under SCHED_RR). */
  realtime: boolean;
  /** Called with one line per sample and per step, for progress. */
  log?: (line: string) => void;
}

export interface SoakResult {
  samples: SoakSample[];
  replay: ReplayResult | undefined;
  /** wirescope was still running when the replay ended. */
  alive: boolean;
  /** The `/stats` document fetched after the replay ended, parsed; undefined if none came. */
  finalPackets: number | undefined;
  /** Console and page errors of the dashboard in Chromium. */
  pageErrors: string[];
  /**
   * Frames the kernel dropped before any capture could see them during the replay (the
   * per-CPU input backlog, /proc/net/softnet_stat, machine-wide), so sent minus counted can be
   * told apart from wirescope's own drops.
   */
  stackDrops: number;
  /** How the kernel scheduled wirescope's serving thread once it ran, e.g. "SCHED_RR 1". */
  servingScheduling: string;
  /** wirescope's exit code after SIGINT, and the end of what it printed. */
  exitCode: number | undefined;
  stderrTail: string;
}

/** Runs a soak and returns what it recorded; throws only when it cannot start. */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => {});
  const net = await TestNetwork.create();
  const stateHome = await Deno.makeTempDir({ prefix: "wirescope-soak-" });
  // wirescope gives up root after start-up; its database folder must stay reachable.
  await Deno.chmod(stateHome, 0o755);
  let wirescope: CaptureProcess | undefined;
  let browser: BrowserSession | undefined;
  let load: SoakLoad | undefined;
  try {
    const port = freePort();
    const base = `http://127.0.0.1:${port}/`;
    wirescope = await CaptureProcess.start([
      "env",
      `XDG_STATE_HOME=${stateHome}`,
      "NO_COLOR=1",
      Deno.execPath(),
      "run",
      ...START_FLAGS,
      MAIN,
      "-i",
      net.rootInterface,
      "--port",
      String(port),
      ...(options.realtime ? ["--realtime"] : []),
    ], options.realtime ? /--realtime not applied|serving at real-time/ : /dashboard at http/);
    const servingScheduling = schedulingName(wirescope.pid);
    log(
      `wirescope (pid ${wirescope.pid}) serves ${base}, capturing on ${net.rootInterface}, ` +
        `serving thread at ${servingScheduling}`,
    );
    browser = await openDashboard(base);
    load = await SoakLoad.open({ base, readers: options.readers, nonReaders: options.nonReaders });
    log(`${options.readers} reading and ${options.nonReaders} never-reading event streams open`);
    const stackDropsBefore = softnetDrops();
    const replay = net.exec(
      "tcpreplay",
      "-i",
      net.peerInterface,
      "--topspeed",
      "--loop=0",
      `--duration=${options.seconds}`,
      "--preload-pcap",
      capturePath(options.capture),
    );
    log(`tcpreplay --topspeed --loop=0 ${options.capture} for ${options.seconds} s`);
    const samples = await sampleUntil(wirescope, load, base, options, log);
    const replayed = parseTcpreplay(await replay);
    const stackDrops = softnetDrops() - stackDropsBefore;
    const alive = !wirescope.exited;
    const finalPackets = alive ? await finalStatsPackets(base) : undefined;
    await load.close();
    load = undefined;
    const pageErrors = [...browser.errors];
    await closeDashboard(browser, log);
    browser = undefined;
    const out = await wirescope.stop();
    return {
      samples,
      replay: replayed,
      alive,
      finalPackets,
      stackDrops,
      pageErrors,
      servingScheduling,
      exitCode: out.code,
      stderrTail: out.stderr.trim().split("\n").slice(-5).join("\n"),
    };
  } finally {
    await load?.close();
    await browser?.close().catch(() => {});
    wirescope?.kill();
    await net.close();
    await Deno.remove(stateHome, { recursive: true }).catch(() => {});
  }
}

/** Chromium on the dashboard, once its event stream is open. */
async function openDashboard(base: string): Promise<BrowserSession> {
  const browser = await launchBrowser();
  try {
    await browser.page.goto(base);
    await browser.page.locator(`[data-testid="connection"][data-state="open"]`).waitFor({
      timeout: PAGE_TIMEOUT_MS,
    });
    return browser;
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Leaves the page (ending its event stream and chart updates), then closes Chromium. After a
 * 30-minute soak Playwright's close waited for minutes on the busy page; neither step may hold
 * the soak's report back past BROWSER_CLOSE_TIMEOUT_MS (Playwright kills its browser at exit).
 */
async function closeDashboard(browser: BrowserSession, log: (line: string) => void) {
  const within = (work: Promise<unknown>, what: string) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) =>
      timer = setTimeout(() => {
        log(`Chromium: ${what} took over ${BROWSER_CLOSE_TIMEOUT_MS} ms; going on without it`);
        resolve();
      }, BROWSER_CLOSE_TIMEOUT_MS)
    );
    return Promise.race([work.catch(() => {}), late]).finally(() => clearTimeout(timer));
  };
  await within(browser.page.goto("about:blank"), "leaving the dashboard");
  await within(browser.close(), "closing");
}

/** One sample per interval until the run's length has passed or wirescope has exited. */
async function sampleUntil(
  wirescope: CaptureProcess,
  load: SoakLoad,
  base: string,
  options: SoakOptions,
  log: (line: string) => void,
): Promise<SoakSample[]> {
  const samples: SoakSample[] = [];
  const started = performance.now();
  const intervals = Math.max(1, Math.round(options.seconds / options.sampleSeconds));
  for (let i = 1; i <= intervals && !wirescope.exited; i++) {
    const due = started + i * options.sampleSeconds * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const rssKib = readRssKib(wirescope.pid), fds = countDescriptors(wirescope.pid);
    if (rssKib === undefined || fds === undefined) break; // exited between checks
    const window = load.takeWindow();
    const c = window.counters;
    const sample: SoakSample = {
      atSeconds: (performance.now() - started) / 1000,
      rssMb: rssKib / 1024,
      fds,
      packets: c?.captured ?? 0,
      kernelDrops: c?.kernel ?? 0,
      interfaceDrops: c?.interface ?? 0,
      backlogDrops: c?.backlog ?? 0,
      statsRequests: window.latenciesMs.length,
      statsFailures: window.failures,
      statsP50Ms: quantile(window.latenciesMs, 0.5),
      statsP99Ms: quantile(window.latenciesMs, 0.99),
      statsMaxMs: quantile(window.latenciesMs, 1),
      sseClients: await sseClients(base),
      idleWakeP99Ms: quantile(window.wakeLatenessMs, 0.99),
      idleWakeMaxMs: quantile(window.wakeLatenessMs, 1),
    };
    samples.push(sample);
    log(
      `${sample.atSeconds.toFixed(0)} s: RSS ${sample.rssMb.toFixed(1)} MB, ${fds} fds, ` +
        `${sample.packets} packets, drops ${sample.kernelDrops}/${sample.interfaceDrops}/` +
        `${sample.backlogDrops}, /stats p99 ${sample.statsP99Ms.toFixed(1)} ms ` +
        `(${sample.statsRequests} requests, ${sample.statsFailures} failed), ` +
        `${sample.sseClients} SSE clients, idle thread woken late by p99 ` +
        `${sample.idleWakeP99Ms.toFixed(1)} ms (max ${sample.idleWakeMaxMs.toFixed(1)})`,
    );
    // New stalled clients every interval: the server must keep closing the old ones.
    await load.renewNonReaders();
  }
  return samples;
}

/** Open descriptors of a process (/proc/PID/fd), or undefined once it has gone. */
export function countDescriptors(pid: number): number | undefined {
  try {
    let n = 0;
    for (const _ of Deno.readDirSync(`/proc/${pid}/fd`)) n++;
    return n;
  } catch {
    return undefined;
  }
}

/** The kernel's input-backlog drops so far, all CPUs (second column of softnet_stat, hex). */
export function softnetDrops(): number {
  let dropped = 0;
  for (const line of Deno.readTextFileSync("/proc/net/softnet_stat").trim().split("\n")) {
    dropped += parseInt(line.split(/\s+/)[1] ?? "0", 16);
  }
  return dropped;
}

/** The server's own count of event-stream clients (`/healthz`); -1 when it did not answer. */
async function sseClients(base: string): Promise<number> {
  try {
    const health = await (await fetch(`${base}healthz`)).json();
    return Number(health.events?.clients ?? -1);
  } catch {
    return -1;
  }
}

/**
 * The packet count once the replay has ended: while event streams are open `/stats` serves the
 * tick's document, up to STATS_MAX_AGE_MS old, so that long is waited out first.
 */
async function finalStatsPackets(base: string): Promise<number | undefined> {
  await new Promise((resolve) => setTimeout(resolve, STATS_MAX_AGE_MS + 2 * FRESH_MARGIN_MS));
  try {
    const response = await fetch(`${base}stats?pretty=0`, {
      signal: AbortSignal.timeout(FINAL_STATS_TIMEOUT_MS),
    });
    const doc = await response.json();
    return response.ok && typeof doc.packets === "number" ? doc.packets : undefined;
  } catch {
    return undefined;
  }
}

/** The serving thread's policy and priority, e.g. "SCHED_RR 1", or "normal priority". */
function schedulingName(tid: number): string {
  const { policy, priority } = threadScheduling(tid);
  if (policy === SCHED_OTHER) return "normal priority";
  return `${policy === SCHED_RR ? "SCHED_RR" : `policy ${policy}`} ${priority}`;
}
