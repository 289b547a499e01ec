/**
 * `--collect`: a NetFlow/IPFIX collector feeding the run's statistics engine, beside a capture
 * (`-i`, `-r`) or alone. Its exporters and drops join the `/stats` document as `collector`.
 */

import { type CollectorSummary, FlowCollector } from "../collect/flow_collector.ts";
import { listenForFlows, type UdpListener } from "../collect/udp_listener.ts";
import type { StatsSource } from "../server/stats_source.ts";
import { DecodedPacket } from "../capture/decode/packet.ts";
import type { StatsEngine } from "../stats/engine.ts";
import { recordHeader } from "../stats/record_ingest.ts";
import type { StatsSnapshot } from "../stats/snapshot.ts";
import type { AlertMonitor } from "../alerts/alert_monitor.ts";
import type { Options } from "./options.ts";

/** How often the alert windows close on the wall clock once a file has ended (as live runs). */
const ALERT_TICK_MS = 1000;

export interface CollectRun {
  readonly listen: string;
  readonly port: number;
  summary(): CollectorSummary & { faults: number };
  /**
   * The file beside the collector has ended: its packet clock stands still at the last packet,
   * so the windows the records still arriving are counted in would never close. From now on
   * they close on the wall clock, once a second, as a live run's do.
   */
  alertsOnWallClock(): void;
  close(): Promise<void>;
}

/**
 * Start receiving flows into `engine` when `--collect` is given; undefined otherwise. `alerts`,
 * when given, also sees each record as one packet header, beside a capture or alone (the
 * detectors that count distinct ports, hosts and addresses apply: a scan's probes are one-packet
 * flows; rates undercount).
 */
export async function startCollect(
  options: Options,
  engine: StatsEngine,
  alerts?: AlertMonitor,
): Promise<CollectRun | undefined> {
  if (options.collect === undefined) return undefined;
  const header = new DecodedPacket();
  const collector = new FlowCollector((flow) => {
    engine.ingestRecord(flow);
    if (alerts && flow.packets > 0) alerts.observeRecord(recordHeader(flow, header));
  });
  const listener: UdpListener = await listenForFlows(
    options.collect.host,
    options.collect.port,
    collector,
  );
  console.error(`wirescope: collecting NetFlow/IPFIX on ${listener.listen}`);
  let clock: ReturnType<typeof setInterval> | undefined;
  return {
    listen: listener.listen,
    port: listener.port,
    summary: () => ({ ...collector.summary(listener.listen), faults: listener.faults() }),
    alertsOnWallClock() {
      if (alerts && clock === undefined) {
        clock = setInterval(() => alerts.tick(Date.now()), ALERT_TICK_MS);
      }
    },
    close: () => {
      clearInterval(clock);
      return listener.close();
    },
  };
}

/** The snapshot with the collector's section added. */
export function withCollectorSection<T extends StatsSnapshot>(
  snapshot: T,
  run: CollectRun | undefined,
): T & { collector?: CollectorSummary } {
  return run === undefined ? snapshot : { ...snapshot, collector: run.summary() };
}

/** `source` whose snapshot carries `collector`. */
export function withCollector(source: StatsSource, run: CollectRun): StatsSource {
  return {
    snapshot: () => withCollectorSection(source.snapshot(), run),
    flows: (query) => source.flows(query),
    packets: (query) => source.packets(query),
    series: (window) => source.series(window),
    ...(source.interfaceSeries
      ? {
        interfaceSeries: (name: string, window?: string) => source.interfaceSeries!(name, window),
      }
      : {}),
  };
}
