/**
 * A run with `--collect` and no capture: the statistics come from flow records alone, so no
 * interface is opened and no capture privilege is needed. It serves the dashboard (or, with
 * `--report`, prints the summary when interrupted), on the wall clock.
 */

import type { DropCounters, NameReading } from "../capture/capture_session.ts";
import type { EndMessage } from "../capture/worker_protocol.ts";
import { StatsEngine } from "../stats/engine.ts";
import { EnrichedStats } from "../stats/enriched_stats.ts";
import { LocalNetworks } from "../stats/enrich/local_networks.ts";
import { EVERY_NAME } from "../stats/name_counter.ts";
import { startCollect, withCollectorSection } from "./collect_setup.ts";
import { createAlertMonitor, withAlerts } from "./alert_setup.ts";
import { GeoLoader } from "./geo_loader.ts";
import type { Options } from "./options.ts";
import { dropPrivileges, filesToHandOver } from "./privilege_drop.ts";
import { formatReport } from "./report.ts";
import { conversationsCsv, writeStdout } from "./report_csv.ts";

/** The engine's clock ticks once a second, as a live capture's does. */
const ENGINE_TICK_MS = 1000;

/** What `serve` uses of a capture, for a run that has none: nothing dropped, ends when stopped. */
export interface NoCapture {
  done: Promise<EndMessage>;
  drops(): DropCounters;
  nameReading(): NameReading;
  /** A held capture starts reading here; there is nothing to start. */
  release(): void;
  stop(): Promise<EndMessage>;
}

function noCapture(): NoCapture {
  let end!: (message: EndMessage) => void;
  const done = new Promise<EndMessage>((resolve) => end = resolve);
  return {
    done,
    drops: () => ({ kernel: 0, ifdrop: 0, backlog: 0, received: 0 }),
    nameReading: () => ({ faults: 0, eventsDropped: 0 }),
    release() {},
    stop() {
      end({ type: "end", reason: "stopped", packetsRead: 0 });
      return done;
    },
  };
}

export async function runCollectorOnly(options: Options): Promise<number> {
  const engine = new StatsEngine({ clock: "wall" });
  // The detectors that count distinct hosts and ports (scans, sweeps, blocklists, new talkers)
  // read records as they read packets.
  const alerts = createAlertMonitor(options, "wall", undefined, undefined, engine);
  const run = (await startCollect(options, engine, alerts))!;
  const geo = await GeoLoader.open(options);
  const stats = new EnrichedStats(engine, {
    geo: () => geo.get(),
    localNetworks: options.localNets.length > 0
      ? LocalNetworks.fromStrings(options.localNets)
      : LocalNetworks.fromPrivateRanges(),
    now: () => Date.now(),
  });
  engine.setMeta({
    source: run.listen,
    sourceKind: "live",
    linkType: "flows",
    started: Date.now(),
  });
  const clock = setInterval(() => {
    engine.tick();
    alerts?.tick(Date.now());
  }, ENGINE_TICK_MS);
  const session = noCapture();
  // Listening from the start: a Ctrl-C while the databases load still ends with the report.
  const interrupted = options.report === undefined ? undefined : untilSignal();
  try {
    await geo.load();
    if (options.report === undefined) {
      const { serve } = await import("./serve.ts");
      return await serve(options, stats, session, undefined, alerts, undefined, run);
    }
    dropPrivileges(options, filesToHandOver(undefined, undefined));
    await interrupted;
    if (options.report === "csv") {
      await writeStdout(conversationsCsv(stats));
      return 0;
    }
    alerts?.finish("stopped", null, Date.now());
    const snapshot = withCollectorSection(withAlerts(stats.snapshot(EVERY_NAME), alerts), run);
    console.log(formatReport(snapshot, options.report, {
      state: "ended",
      endReason: "stopped",
      message: null,
      drops: session.drops(),
    }));
    return 0;
  } finally {
    clearInterval(clock);
    await run.close();
  }
}

/** Resolves on Ctrl-C or SIGTERM: a collector has no end of its own. */
function untilSignal(): Promise<void> {
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  return new Promise((resolve) => {
    const stop = () => {
      for (const signal of signals) Deno.removeSignalListener(signal, stop);
      resolve();
    };
    for (const signal of signals) Deno.addSignalListener(signal, stop);
  });
}
