/**
 * The `/stats` document with each capture interface's own numbers (`interfaces`), and each
 * interface's series for `/api/series?interface=NAME`: the source the server reads on a live
 * capture. A file has no interfaces and is served unchanged.
 */
import type { CaptureGroup } from "../capture/capture_group.ts";
import type { StatsSource } from "../server/stats_source.ts";
import type { StatsEngine } from "../stats/engine.ts";
import { type InterfaceSummary, interfaceSummary } from "../stats/interface_summary.ts";
import type { SeriesData } from "../stats/rate_series.ts";
import type { StatsSnapshot } from "../stats/snapshot.ts";

/** `engines[i]` counts `group.members[i]` alone; empty when there is one interface, whose
 * numbers are the combined engine's. */
export interface CaptureInterfaces {
  group: CaptureGroup;
  engines: readonly StatsEngine[];
  combined: StatsEngine;
}

/** Each interface's summary, from its engine (or the document, for a lone interface). */
export function interfaceSummaries(
  document: StatsSnapshot,
  { group, engines }: CaptureInterfaces,
): InterfaceSummary[] {
  return group.members.map((member, i) => {
    const engine = engines[i];
    return interfaceSummary(
      member.name,
      member.session.info.linkTypeName,
      engine ? engine.snapshot() : document,
      member.session.drops(),
    );
  });
}

/** `stats` whose snapshot carries `interfaces`, and which answers series per interface. */
export function withInterfaces(stats: StatsSource, interfaces: CaptureInterfaces): StatsSource {
  return {
    snapshot: () => {
      const document = stats.snapshot();
      const withList: StatsSnapshot & { interfaces: InterfaceSummary[] } = {
        ...document,
        interfaces: interfaceSummaries(document, interfaces),
      };
      return withList;
    },
    flows: (query) => stats.flows(query),
    packets: (query) => stats.packets(query),
    series: (window) => stats.series(window),
    interfaceSeries: (name, window) => interfaceSeries(interfaces, name, window),
  };
}

function interfaceSeries(
  { group, engines, combined }: CaptureInterfaces,
  name: string,
  window: string | undefined,
): SeriesData {
  const index = group.members.findIndex((m) => m.name === name);
  if (index < 0) {
    throw new RangeError(
      `no interface "${name}" in this capture (${group.members.map((m) => m.name).join(", ")})`,
    );
  }
  return (engines[index] ?? combined).series(window);
}
