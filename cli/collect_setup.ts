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
import type { Options } from "./options.ts";

export interface CollectRun {
  readonly listen: string;
  readonly port: number;
  summary(): CollectorSummary & { faults: number };
  close(): Promise<void>;
}

/**
 * Start receiving flows into `engine` when `--collect` is given; undefined otherwise. `observe`,
 * when given, also sees each record as one packet header (the alert detectors': a scan's probes
 * are one-packet flows, so what counts distinct ports and hosts applies; rates undercount).
 */
export async function startCollect(
  options: Options,
  engine: StatsEngine,
  observe?: (p: DecodedPacket) => void,
): Promise<CollectRun | undefined> {
  if (options.collect === undefined) return undefined;
  const header = new DecodedPacket();
  const collector = new FlowCollector((flow) => {
    engine.ingestRecord(flow);
    if (observe && flow.packets > 0) observe(recordHeader(flow, header));
  });
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
