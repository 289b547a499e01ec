/**
 * `--collect`: a NetFlow/IPFIX collector feeding the run's statistics engine, beside a capture
 * (`-i`, `-r`) or alone. Its exporters and drops join the `/stats` document as `collector`.
 */

import { type CollectorSummary, FlowCollector } from "../collect/flow_collector.ts";
import { listenForFlows, type UdpListener } from "../collect/udp_listener.ts";
import type { StatsSource } from "../server/stats_source.ts";
import type { StatsEngine } from "../stats/engine.ts";
import type { StatsSnapshot } from "../stats/snapshot.ts";
import type { Options } from "./options.ts";

export interface CollectRun {
  readonly listen: string;
  readonly port: number;
  summary(): CollectorSummary & { faults: number };
  close(): Promise<void>;
}

/** Start receiving flows into `engine` when `--collect` is given; undefined otherwise. */
export async function startCollect(
  options: Options,
  engine: StatsEngine,
): Promise<CollectRun | undefined> {
  if (options.collect === undefined) return undefined;
  const collector = new FlowCollector((flow) => engine.ingestRecord(flow));
  const listener: UdpListener = await listenForFlows(
    options.collect.host,
    options.collect.port,
    collector,
  );
  console.error(`wirescope: collecting NetFlow/IPFIX on ${listener.listen}`);
  return {
    listen: listener.listen,
    port: listener.port,
    summary: () => ({ ...collector.summary(listener.listen), faults: listener.faults() }),
    close: () => listener.close(),
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
