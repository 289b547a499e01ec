/**
 * One run of the analyzer: open the source, feed the statistics engine, then either print a
 * report (headless) or serve the dashboard and API until interrupted.
 */
import { CaptureError, type CaptureOptions } from "../capture/capture_session.ts";
import { CaptureGroup } from "../capture/capture_group.ts";
import type { CaptureSource, EndMessage } from "../capture/worker_protocol.ts";
import { defaultDevice, listDevices } from "../ffi/devices.ts";
import { StatsEngine } from "../stats/engine.ts";
import { FILE_MINUTE_SLOTS, type StatsOptions } from "../stats/options.ts";
import { EnrichedStats } from "../stats/enriched_stats.ts";
import { EVERY_NAME } from "../stats/name_counter.ts";
import { GeoLoader } from "./geo_loader.ts";
import { LocalNetworks } from "../stats/enrich/local_networks.ts";
import { ReverseDns } from "../stats/enrich/reverse_dns.ts";
import type { Options } from "./options.ts";
import { interfaceNames } from "./interface_table.ts";
import { PROGRESS_MIN_BYTES, ProgressBar } from "./progress_bar.ts";
import { formatReport, withReportProcesses } from "./report.ts";
import { conversationsCsv, writeStdout } from "./report_csv.ts";
import { createAlertMonitor, withAlerts } from "./alert_setup.ts";
import { loadRunConfig } from "./run_config.ts";
import { finishIpfixExport, startIpfixExport, withIpfixTimeouts } from "./ipfix_setup.ts";
import { type CollectRun, startCollect, withCollectorSection } from "./collect_setup.ts";
import { payloadSpecFor } from "./payload_setup.ts";
import { keepRings, keptOutputs, type KeptPackets } from "./keep_setup.ts";
import { DEFAULT_ALERT_OPTIONS } from "../alerts/alert_options.ts";
import type { AlertMonitor } from "../alerts/alert_monitor.ts";
import {
  dropPrivileges,
  filesToHandOver,
  willDropPrivileges,
  workerShouldDropCapabilities,
} from "./privilege_drop.ts";
import { interfaceEngine } from "../stats/interface_summary.ts";
import { type CaptureInterfaces, interfaceSummaries } from "./interface_source.ts";

/** Live statistics tick once a second: the finest resolution of the rate series. */
const ENGINE_TICK_MS = 1000;
/** How long a report waits for reverse DNS answers (--resolve) before printing without them. */
const RESOLVE_WAIT_MS = 3000;
/** Per-record overhead of a classic pcap file, used to estimate progress through a file. */
const PCAP_RECORD_HEADER = 16;
/**
 * Ring records for a file: a file's worker waits for space instead of dropping, so the ring only
 * has to cover the main thread's hand-back period (a few 4,096-packet chunks); a quarter of the
 * live default keeps ~7 MB of shared memory out of the resident set.
 */
const FILE_RING_CAPACITY = 16_384;

/**
 * A file is a record to look through, not a live link: its conversations stay in the table
 * (no idle or active timeout; only the table's own cap evicts), and its minute series reaches
 * back FILE_MINUTE_SLOTS so a capture of days charts whole.
 */
const FILE_ENGINE_OPTIONS: StatsOptions = {
  clock: "packet",
  flowIdleTimeoutMs: Infinity,
  flowActiveTimeoutMs: Infinity,
  minuteSlots: FILE_MINUTE_SLOTS,
};

export async function runAnalyzer(options: Options): Promise<number> {
  const sources = chooseSources(options);
  const source = sources[0]!;
  // A report (or -c) prints and exits; anything else serves the dashboard while capturing.
  const headless = options.report !== undefined || options.count > 0;
  const { engine, geo, ipfix, reverseDns, stats } = await openStatistics(options, sources);
  const { history, alerts, payload } = await openAlerts(options, source, headless, engine);
  // Flow records from --collect count in the same engine as the packets, from the start, and
  // reach the same detectors.
  const collect = await startCollect(options, engine, alerts);
  // Both need the GeoIP databases (~70 ms to load): start now, while the capture worker starts
  // up and the main thread has nothing else to do. Awaited below; a failure surfaces there.
  const geoReady = geo.load();
  geoReady.catch(() => {});
  // `--keep SIZE`: whole packets in memory, only because the user asked (GET /api/pcap).
  const kept = headless ? undefined : keepRings(options.keepBytes, sources.length);
  const capture = await startCapture(options, sources, headless, stats, alerts, payload, kept);
  const session = capture.session;
  const interfaces: CaptureInterfaces | undefined = source.kind === "live"
    ? { group: session, engines: capture.perInterface, combined: engine }
    : undefined;
  // A file's last flows leave when it ends, while its results are still served; records still
  // arriving are judged on the wall clock from then on.
  if (source.kind === "file") {
    void session.done.then(() => {
      collect?.alertsOnWallClock();
      return finishIpfixExport(ipfix);
    });
  }
  describeRun(options, engine, session, source, capture.excluded);
  const clock = source.kind === "live"
    ? startLiveClock(engine, capture.perInterface, alerts, session)
    : undefined;
  try {
    if (!headless) {
      await geoReady; // the page asks for places within its first second
      // The server's code (and the dashboard's assets) load only when a run serves.
      const { serve } = await import("./serve.ts");
      return await serve(options, stats, session, interfaces, alerts, history, collect, kept);
    }
    // A report opens nothing more once capturing (a --geoip file is being read): drop now.
    await geoReady.catch(() => {});
    dropPrivileges(options, filesToHandOver(options.write, undefined));
    session.release();
    return await reportWhenDone(
      options,
      stats,
      { geo, reverseDns },
      session,
      capture.progress,
      capture.packetsSeen,
      alerts,
      interfaces,
      collect,
    );
  } finally {
    clearInterval(clock);
    await finishIpfixExport(ipfix);
    await collect?.close();
    // Lookups still queued or running would only hold the process open after the answer.
    reverseDns?.close();
  }
}

/** The statistics engine and what feeds or reads it beside the capture. */
async function openStatistics(options: Options, sources: CaptureSource[]) {
  const source = sources[0]!;
  // `--payload N` keeps payload bytes in the recent-packet list only, never by default.
  const engine = new StatsEngine({
    ...(source.kind === "file"
      ? withIpfixTimeouts(options, FILE_ENGINE_OPTIONS)
      : { clock: "wall" }),
    payloadBytes: options.payloadBytes,
  });
  const geo = await GeoLoader.open(options);
  // Flows leave for the collector as the table lets them go, from the first packet on.
  const ipfix = await startIpfixExport(options, engine, source);
  const reverseDns = options.resolve ? new ReverseDns() : undefined;
  const stats = new EnrichedStats(engine, {
    geo: () => geo.get(),
    localNetworks: localNetworksFor(options, sources),
    ...(reverseDns ? { reverseDns } : {}),
    // A file is one fixed record: a name seen anywhere in it names the address throughout,
    // so its names do not expire. Live names expire by the wall clock and their DNS TTL.
    now: source.kind === "file" ? () => 0 : () => Date.now(),
  });
  return { engine, geo, ipfix, reverseDns, stats };
}

/** The alert monitor, the history a served run keeps, and the payload rules the worker runs. */
async function openAlerts(
  options: Options,
  source: CaptureSource,
  headless: boolean,
  engine: StatsEngine,
) {
  const config = await loadRunConfig(options);
  // A served run keeps its alerts, mutes and traffic history in the database (loaded only then).
  const history = headless ? undefined : new (await import("./run_history.ts")).RunHistory({
    options,
    config,
    notify: source.kind === "live",
  });
  // Alerts count on this thread as each packet is ingested, never in the capture worker.
  const alerts = createAlertMonitor(
    options,
    source.kind === "file" ? "packet" : "wall",
    config?.alerts,
    history ? { sinks: history.sinks(), firstId: history.firstAlertId() } : undefined,
    engine,
  );
  if (alerts && history) {
    history.restoreMutes(alerts.mutes, Date.now());
    if (alerts.anomaly) history.keepModel(alerts.anomaly);
  }
  await history?.ready();
  // Payload rules and entropy run in the capture worker, the only thread that sees payloads.
  const payload = await payloadSpecFor(
    options,
    alerts ? (config?.alerts ?? DEFAULT_ALERT_OPTIONS).payload : undefined,
  );
  return { history, alerts, payload };
}

/**
 * Open every source (one worker each) and count what they deliver into the engine, each
 * interface also alone when there are several, and into the alert monitor.
 */
async function startCapture(
  options: Options,
  sources: CaptureSource[],
  headless: boolean,
  stats: EnrichedStats,
  alerts: AlertMonitor | undefined,
  payload: CaptureOptions["payload"] | undefined,
  kept: KeptPackets | undefined,
) {
  const engine = stats.engine;
  const source = sources[0]!;
  const progress = progressFor(source);
  let bytesSeen = 0;
  let packetsSeen = 0;
  // Several interfaces: each also counted alone, beside the combined engine.
  const perInterface = sources.length > 1
    ? sources.map(() => interfaceEngine(engine.options.hashSeed))
    : [];
  const excludedBy = sources.map((s) => headless ? "" : selfExclusion(options, s));
  let session: CaptureGroup | undefined;
  const common = (index: number): Omit<CaptureOptions, "source" | "onPacket"> => ({
    filter: withExclusion(options.filter, excludedBy[index]!),
    count: options.count,
    inspectNames: options.names,
    ...keptOutputs(options, kept, index),
    ...(payload ? { payload, onPayload: (batch) => alerts?.payload(batch) } : {}),
    dropCapabilities: workerShouldDropCapabilities(options),
    // Opened now, read only once privileges are gone (session.release() after the drop).
    held: willDropPrivileges(options),
    // The worker may hash flow keys for the engine while the main thread is the slower side.
    hashSeed: engine.options.hashSeed,
    // The HTTP server shares this thread: draining must let its requests in between slices.
    yieldToIo: !headless,
    ...(source.kind === "file" ? { ringCapacity: FILE_RING_CAPACITY } : {}),
    onNames(events) {
      stats.ingestNames(events);
      alerts?.names(events.queryNames, events.queryCounts);
    },
    onBatch() {
      progress?.update(bytesSeen, packetsSeen);
    },
    onNotice(message) {
      progress?.clear();
      console.error(`wirescope: ${message}`);
    },
  });
  try {
    session = await CaptureGroup.start(sources, (source, index) => ({
      ...common(index),
      source,
      onPacket: perInterface.length === 0
        ? (packet, flow, following) => {
          engine.ingest(packet, flow, following);
          alerts?.observe(packet);
          bytesSeen += packet.caplen + PCAP_RECORD_HEADER;
          packetsSeen++;
        }
        : (packet, flow, following) => {
          // Each worker stops at -c on its own count; the run stops at -c over all of them.
          if (options.count > 0 && packetsSeen >= options.count) return;
          engine.ingest(packet, flow, following);
          perInterface[index]!.ingest(packet, flow, following);
          alerts?.observe(packet);
          packetsSeen++;
          // (A member may deliver before the others have opened: no group to stop yet.)
          if (packetsSeen === options.count) void session?.stopForCount();
        },
    }));
  } catch (error) {
    throw explainOpenFailure(error, source);
  }
  if (options.count > 0 && packetsSeen >= options.count) void session.stopForCount();
  return {
    session,
    perInterface,
    progress,
    excluded: excludedBy.find((e) => e !== "") ?? "",
    packetsSeen: () => packetsSeen,
  };
}

/** What the run reads, in the engine's metadata and (live) one line on stderr. */
function describeRun(
  options: Options,
  engine: StatsEngine,
  session: CaptureGroup,
  source: CaptureSource,
  excluded: string,
): void {
  engine.setMeta({
    source: session.members.map((m) => m.name).join(", "),
    sourceKind: source.kind,
    filter: options.filter,
    excluded,
    linkType: [...new Set(session.members.map((m) => m.session.info.linkTypeName))].join(", "),
    snaplen: session.info.snaplen,
    payloadBytes: options.payloadBytes,
  });
  if (source.kind !== "live") return;
  console.error(
    `wirescope: capturing on ${session.members.map((m) => m.name).join(", ")}` +
      (options.interface ? "" : " (the first interface that is up, with an address)") +
      (options.filter ? `, filter "${options.filter}"` : "") +
      (excluded
        ? ` (leaving out the dashboard's own port ${options.port}; --count-self keeps it)`
        : ""),
  );
}

/**
 * Live series advance on an independent one-second timer, never on the pcap read timeout, so
 * a quiet link still shows its quiet seconds.
 */
function startLiveClock(
  engine: StatsEngine,
  perInterface: readonly { tick(): void }[],
  alerts: AlertMonitor | undefined,
  session: CaptureGroup,
): ReturnType<typeof setInterval> {
  return setInterval(() => {
    engine.tick();
    for (const one of perInterface) one.tick();
    if (alerts) {
      const now = Date.now();
      alerts.tick(now);
      alerts.drops(session.drops(), now);
    }
  }, ENGINE_TICK_MS);
}

async function reportWhenDone(
  options: Options,
  stats: EnrichedStats,
  { geo, reverseDns }: { geo: GeoLoader; reverseDns: ReverseDns | undefined },
  session: CaptureGroup,
  progress: ProgressBar | undefined,
  packetsSeen: () => number,
  alerts: AlertMonitor | undefined,
  interfaces: CaptureInterfaces | undefined,
  collect: CollectRun | undefined,
): Promise<number> {
  // Ctrl-C, `kill` or a service manager all end a live capture with its report printed.
  const stopOnSignal = () => void session.stop();
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  for (const signal of signals) Deno.addSignalListener(signal, stopOnSignal);
  let end: EndMessage;
  try {
    end = await session.done;
  } finally {
    for (const signal of signals) Deno.removeSignalListener(signal, stopOnSignal);
    progress?.clear();
  }
  stats.setCaptureCounters(session.drops(), session.nameReading());
  await geo.load();
  if (reverseDns) {
    // A report is printed once: ask for the names of the addresses it shows, then wait for the
    // answers (bounded), so --resolve is not a query sent for nothing.
    stats.snapshot();
    await Promise.race([reverseDns.idle(), new Promise((r) => setTimeout(r, RESOLVE_WAIT_MS))]);
  }
  alerts?.finish(
    end.reason,
    end.message ?? null,
    stats.engine.clock === "wall" ? Date.now() : undefined,
  );
  // A report is read once: it lists every name the tables hold, where /stats shows the head.
  const everything = stats.snapshot(EVERY_NAME);
  const snapshot = withCollectorSection(
    withAlerts(
      interfaces
        ? { ...everything, interfaces: interfaceSummaries(everything, interfaces) }
        : everything,
      alerts,
    ),
    collect,
  );
  reverseDns?.close();
  if (options.report === "csv") {
    await writeStdout(conversationsCsv(stats));
  } else {
    console.log(formatReport(withReportProcesses(snapshot), options.report ?? "text", {
      state: "ended",
      endReason: end.reason,
      message: end.message ?? null,
      drops: session.drops(),
    }));
  }
  if (end.reason === "error") {
    const meta = snapshot.meta;
    const what = meta.sourceKind === "file" ? `Cannot read "${meta.source}": ` : "";
    const counted = packetsSeen();
    console.error(
      `wirescope: ${what}${
        end.message ?? "capture failed"
      }; ${counted} packets before it were counted`,
    );
    return 1;
  }
  return 0;
}

/** The user's filter with the dashboard's own port left out (either may be empty). */
function withExclusion(filter: string, excluded: string): string {
  if (excluded === "") return filter;
  return filter === "" ? excluded : `(${filter}) and ${excluded}`;
}

/**
 * On a loopback capture the dashboard's own HTTP and SSE traffic would be most of what is
 * counted: leave its port out unless --count-self (with --port 0 the port is not known yet).
 */
function selfExclusion(options: Options, source: CaptureSource): string {
  if (options.countSelf || source.kind !== "live" || options.port === 0) return "";
  const loopback = source.device === "any" ||
    listDevices().some((d) => d.name === source.device && d.loopback);
  return loopback ? `not tcp port ${options.port}` : "";
}

function chooseSources(options: Options): CaptureSource[] {
  if (options.read !== undefined) return [{ kind: "file", path: options.read }];
  const live = (device: string): CaptureSource => ({
    kind: "live",
    device,
    snaplen: options.snaplen,
    promiscuous: options.promiscuous,
    bufferBytes: options.bufferKiB * 1024,
  });
  if (options.interfaces.length > 0) return options.interfaces.map(live);
  let device = options.interface;
  if (device === undefined) {
    const devices = listDevices();
    const chosen = defaultDevice(devices);
    if (!chosen) {
      throw new CaptureError(
        `Cannot choose an interface: none is up with an address (found: ${
          interfaceNames(devices) || "none"
        }); name one with -i`,
        "no-such-device",
      );
    }
    device = chosen.name;
  }
  return [live(device)];
}

/** --local-net if given; else the capture interface's own networks; for files, private ranges. */
function localNetworksFor(options: Options, sources: CaptureSource[]): LocalNetworks {
  if (options.localNets.length > 0) return LocalNetworks.fromStrings(options.localNets);
  const devices = sources.map((s) => s.kind === "live" ? s.device : "");
  if (devices.includes("") || devices.includes("any")) return LocalNetworks.fromPrivateRanges();
  return LocalNetworks.fromDevices(listDevices().filter((d) => devices.includes(d.name)));
}

function explainOpenFailure(error: unknown, source: CaptureSource): unknown {
  if (error instanceof CaptureError && error.kind === "no-such-device" && source.kind === "live") {
    const names = interfaceNames(listDevices());
    return new CaptureError(`${error.message}; available: ${names}`, error.kind);
  }
  return error;
}

function progressFor(source: CaptureSource): ProgressBar | undefined {
  if (source.kind !== "file" || source.path === "-" || !Deno.stderr.isTerminal()) return undefined;
  try {
    const size = Deno.statSync(source.path).size;
    return size >= PROGRESS_MIN_BYTES ? new ProgressBar(size) : undefined;
  } catch {
    return undefined;
  }
}
