/**
 * Serve mode: the dashboard and the HTTP API over a running capture, until Ctrl-C. A file's
 * results stay served after the file ends.
 */
import type { CaptureGroup } from "../capture/capture_group.ts";
import type { EndMessage } from "../capture/worker_protocol.ts";
import { createHandler } from "../server/handler.ts";
import { SseHub } from "../server/sse_hub.ts";
import { loopbackHostCheck } from "../server/host_check.ts";
import type { CaptureStatus } from "../wire/stats_document.ts";
import type { EnrichedStats } from "../stats/enriched_stats.ts";
import { staticAssets } from "../server/assets.ts";
import type { Options } from "./options.ts";
import { formatCount } from "../format/units.ts";
import denoConfig from "../deno.json" with { type: "json" };
import { libpcapVersion } from "../ffi/libpcap.ts";
import type { AlertMonitor } from "../alerts/alert_monitor.ts";
import { withAlertsSource } from "./alert_setup.ts";
import { RunHistory } from "./run_history.ts";
import { HistoryAlertDesk } from "../server/alert_desk.ts";
import { AlertFeed } from "../server/alert_feed.ts";
import { announceDrop, dropPrivileges, filesToHandOver } from "./privilege_drop.ts";
import { guardAccess } from "../server/access_guard.ts";
import { ConnectionGate } from "../server/connection_gate.ts";
import { type ServerAccess, serverAccess } from "./server_access.ts";
import { type CaptureInterfaces, withInterfaces } from "./interface_source.ts";
import { type ProcessRun, startProcesses } from "./process_setup.ts";
import { type CollectRun, withCollector } from "./collect_setup.ts";
import { type KeptPackets, withKeep } from "./keep_setup.ts";
import { raiseServingPriority } from "./realtime_priority.ts";

/** What serving needs of a capture: a capture group, or a collector-only run's stand-in. */
export type ServedCapture = Pick<
  CaptureGroup,
  "done" | "drops" | "nameReading" | "release" | "stop"
>;

/** SSE updates go out once a second, matching the rate series' finest resolution. */
const TICK_MS = 1000;

export async function serve(
  options: Options,
  stats: EnrichedStats,
  session: ServedCapture,
  /** A live capture's interfaces; undefined for a file. */
  interfaces: CaptureInterfaces | undefined,
  alerts?: AlertMonitor,
  history?: RunHistory,
  /** `--collect`: the document lists its exporters and drops. */
  collect?: CollectRun,
  kept?: KeptPackets,
): Promise<number> {
  const live = interfaces !== undefined;
  let ended: EndMessage | undefined;
  const status = (): CaptureStatus => ({
    state: ended ? "ended" : "running",
    endReason: ended?.reason ?? null,
    message: ended?.message ?? null,
    drops: session.drops(),
  });
  const engine = stats.engine;
  // Before the privilege drop below: the process helper must start as root.
  const processes = startProcesses(options, engine, live);
  const api = buildApi(stats, status, alerts, history, interfaces, processes, collect, kept);
  const stopCapture = async () => {
    await processes.close();
    await session.stop();
    await history?.close();
  };

  let access: ServerAccess;
  try {
    access = serverAccess(options);
  } catch (error) {
    await stopCapture();
    throw error;
  }
  const guarded = guardedHandler(api.handler, access);
  let listening: Listening;
  try {
    listening = listen(options, access, guarded, (hostname, port) => {
      api.listeningOn(hostname, port);
      announceDashboard(access, hostname, port);
    });
  } catch (error) {
    await stopCapture();
    throw listenError(error, options);
  }
  try {
    // Real-time priority needs the privileges about to be dropped; the thread keeps it after.
    if (options.realtime) console.error(raiseServingPriority());
    // The capture handle, the port and every file are open: nothing privileged is left to do.
    announceDrop(dropPrivileges(options, filesToHandOver(options.write, history?.history.path)));
    // Only now may the capture read its first packet.
    session.release();
  } catch (error) {
    await listening.close();
    await stopCapture();
    throw error;
  }
  history?.start(live, stats, (rank, limit) => engine.hosts(rank, limit));

  const timer = startTicks(stats, session, api.hub);

  void session.done.then((end) => {
    ended = end;
    finishCapture(end, stats, session, live, alerts);
  });

  await untilInterrupted();
  clearInterval(timer);
  await processes.close();
  await session.stop();
  api.hub.close();
  await listening.close();
  await history?.close();
  return 0;
}

/**
 * The timer that pushes SSE updates (the engine's own clock is ticked by the analyzer). Taking
 * the document, sending the delta and serialising /stats are three tasks, so a request that
 * arrives meanwhile waits for one of them, not all three, on the thread that drains packets.
 */
function startTicks(
  stats: EnrichedStats,
  session: ServedCapture,
  hub: SseHub,
): ReturnType<typeof setInterval> {
  return setInterval(() => {
    stats.setCaptureCounters(session.drops(), session.nameReading());
    hub.prepare();
    setTimeout(() => {
      hub.tick();
      setTimeout(() => hub.stats.warm(), 0);
    }, 0);
  }, TICK_MS);
}

/** The HTTP API and its event hub over the run's statistics, alerts and history. */
function buildApi(
  stats: EnrichedStats,
  status: () => CaptureStatus,
  alerts: AlertMonitor | undefined,
  history: RunHistory | undefined,
  interfaces: CaptureInterfaces | undefined,
  processes: ProcessRun,
  collect: CollectRun | undefined,
  kept: KeptPackets | undefined,
) {
  const engine = stats.engine;
  // `/stats` (and the SSE document) carry the run's alerts when the detectors run.
  const withAlertList = alerts ? withAlertsSource(stats, alerts) : stats;
  // The 24 h chart shows earlier runs' minutes where this run has none yet.
  const withHistory = history ? history.withSeriesHistory(withAlertList) : withAlertList;
  // Live on Linux, each flow row and the document name the programs of this host.
  const withProcesses = processes.wrap(withHistory);
  // With --collect, the document lists the exporters and what the collector dropped.
  const withExporters = collect ? withCollector(withProcesses, collect) : withProcesses;
  // With --keep, the document says what the packet ring holds (the page offers downloads then).
  const withKept = kept ? withKeep(withExporters, kept.readers) : withExporters;
  // A live capture's document lists its interfaces, each with its own numbers and drops; this
  // wrapper stays outermost, since it alone answers /api/series?interface=.
  const source = interfaces ? withInterfaces(withKept, interfaces) : withKept;
  const hub = new SseHub({ engine: source, status });
  // Alerts reach the page as SSE events once committed; the API reads and changes the history.
  history?.recorder.add(new AlertFeed(hub));
  const desk = history && new HistoryAlertDesk({
    history: history.history,
    recorder: history.recorder,
    ...(alerts ? { onMute: RunHistory.muteHandler(alerts.mutes) } : {}),
  });
  // Known once listening: with --port 0 the system picks the port the Host header must carry.
  let hostCheck: ((host: string | null) => boolean) | undefined;
  const handler = createHandler({
    engine: source,
    hub,
    status,
    staticAssets,
    metrics: { version: denoConfig.version, libpcap: libpcapVersion() },
    hosts: {
      hosts: (rank, limit) => engine.hosts(rank, limit),
      describe: (ip) => stats.describe(ip),
    },
    allowedHost: (host) => hostCheck?.(host) ?? true,
    // `--payload N` only: the packet detail's bytes (the route says how to ask for them else).
    payloads: {
      bytesPerPacket: engine.options.payloadBytes,
      payload: (seq) => engine.packetPayload(seq),
    },
    ...(kept ? { pcap: { rings: kept.readers } } : {}),
    ...(desk ? { alerts: desk } : {}),
    ...(history ? { talkers: history.history.talkers } : {}),
    processes: (query) => processes.report(query),
  });
  return {
    hub,
    handler,
    listeningOn(bind: string, port: number) {
      hostCheck = loopbackHostCheck(bind, port);
    },
  };
}

/** Beyond loopback a token is asked; every response gets size bounds and security headers. */
function guardedHandler(handler: Parameters<typeof guardAccess>[0], access: ServerAccess) {
  return guardAccess(handler, {
    ...(access.token ? { token: access.token } : {}),
    secure: access.tls !== undefined,
  });
}

/** A listening dashboard server (and the gate in front of it, when exposed). */
interface Listening {
  close(): Promise<void>;
}

/**
 * Listen where the options say. Exposed (beyond loopback, or under TLS), a gate in front of
 * the server bounds connections and slow request heads, and ends TLS; on loopback the server
 * listens itself.
 */
function listen(
  options: Options,
  access: ServerAccess,
  guarded: ReturnType<typeof guardAccess>,
  onListen: (hostname: string, port: number) => void,
): Listening {
  if (isLoopback(options.bind) && !access.tls) {
    const server = Deno.serve({
      hostname: options.bind,
      port: options.port,
      onListen({ hostname, port }) {
        onListen(hostname, port);
      },
    }, (request, info) => guarded(request, clientAddress(info.remoteAddr)));
    return { close: () => server.shutdown() };
  }
  const where = { hostname: options.bind, port: options.port };
  const listener = access.tls ? Deno.listenTls({ ...where, ...access.tls }) : Deno.listen(where);
  // Set once the server's port is known; a request reaching the server before is told apart.
  // deno-lint-ignore prefer-const
  let gate: ConnectionGate | undefined;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (request, info) => {
      const relay = info.remoteAddr as Deno.NetAddr;
      return guarded(request, gate?.clientOf(relay.port) ?? relay.hostname);
    },
  );
  gate = new ConnectionGate(listener, { upstreamPort: (server.addr as Deno.NetAddr).port });
  onListen(gate.addr.hostname, gate.addr.port);
  const opened = gate;
  return {
    async close() {
      opened.close();
      await server.shutdown();
    },
  };
}

/** Where the dashboard is, and a warning when it is reachable from the network. */
function announceDashboard(
  access: ServerAccess,
  hostname: string,
  port: number,
): void {
  const scheme = access.tls ? "https" : "http";
  const urls = dashboardUrls(hostname, port, undefined, scheme).join(", ");
  console.error(`wirescope: dashboard at ${urls} (Ctrl-C to quit)`);
  if (access.generated) {
    console.error(
      "wirescope: warning: the dashboard is reachable from the network; it asks for this " +
        `token (shown once; or set --token-file): ` +
        access.generated,
    );
  } else if (!isLoopback(hostname) && !access.token) {
    console.error(
      "wirescope: warning: the dashboard is reachable from the network, without a login; " +
        "anyone who can reach this machine can see the traffic",
    );
  }
}

/**
 * The capture ended: a file's last alert windows close with it, the counters are final, and
 * one line says so (a file read, or a live capture that failed).
 */
function finishCapture(
  end: EndMessage,
  stats: EnrichedStats,
  session: ServedCapture,
  live: boolean,
  alerts: AlertMonitor | undefined,
): void {
  alerts?.finish(end.reason, end.message ?? null, live ? Date.now() : undefined);
  stats.setCaptureCounters(session.drops(), session.nameReading());
  stats.refreshPlaces();
  // The engine's own snapshot: the enriched one would compute places just to print a count.
  const packets = formatCount(stats.engine.snapshot().packets);
  if (end.reason === "error") {
    console.error(`wirescope: capture stopped: ${end.message}; still serving ${packets} packets`);
  } else if (!live) {
    console.error(`wirescope: read ${packets} packets; still serving (Ctrl-C to quit)`);
  }
}

/** Resolves at the first Ctrl-C (SIGINT) or SIGTERM. */
function untilInterrupted(): Promise<void> {
  return new Promise<void>((resolve) => {
    const quit = () => {
      Deno.removeSignalListener("SIGINT", quit);
      if (Deno.build.os !== "windows") Deno.removeSignalListener("SIGTERM", quit);
      resolve();
    };
    Deno.addSignalListener("SIGINT", quit);
    if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", quit);
  });
}

/**
 * Where a browser can reach the dashboard: the bound address, or, bound to all addresses
 * (0.0.0.0, ::), this machine's own addresses of that family, which are usable URLs.
 */
export function dashboardUrls(
  hostname: string,
  port: number,
  interfaces: Deno.NetworkInterfaceInfo[] = Deno.networkInterfaces(),
  scheme: "http" | "https" = "http",
): string[] {
  const url = (address: string) =>
    `${scheme}://${address.includes(":") ? `[${address}]` : address}:${port}/`;
  const any = hostname === "0.0.0.0" || hostname === "::";
  if (!any) return [url(hostname)];
  const addresses = interfaces
    .filter((i) => (hostname === "::" || i.family === "IPv4") && !i.address.startsWith("fe80"))
    .map((i) => i.address);
  // Addresses other machines can use first; loopback last.
  addresses.sort((a, b) => Number(isLoopback(a)) - Number(isLoopback(b)));
  return addresses.length > 0 ? [...new Set(addresses)].map(url) : [url(hostname)];
}

/** The client's address, for the per-address limit on wrong tokens. */
function clientAddress(address: Deno.Addr): string {
  return "hostname" in address ? address.hostname : "local";
}

function isLoopback(address: string): boolean {
  return address.startsWith("127.") || address === "::1" || address === "localhost";
}

function listenError(error: unknown, options: Options): Error {
  const where = `${options.bind}:${options.port}`;
  if (error instanceof Deno.errors.AddrInUse) {
    return new Error(`Cannot listen on ${where}: address already in use; choose another --port`);
  }
  if (error instanceof Deno.errors.AddrNotAvailable) {
    return new Error(`Cannot listen on ${where}: no such local address; check --bind`);
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return new Error(`Cannot listen on ${where}: permission denied; use a port above 1023`);
  }
  return new Error(`Cannot listen on ${where}: ${error instanceof Error ? error.message : error}`);
}
