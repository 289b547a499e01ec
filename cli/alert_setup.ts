/**
 * The alert side of a run, from its flags: `--no-alerts` turns it off; `--blocklist FILE`
 * (repeatable) loads FireHOL-style lists. Every other threshold keeps its documented default
 * (alerts/alert_options.ts) unless a config file sets it.
 */
import type { Alert } from "../alerts/alert.ts";
import type { AlertSink } from "../alerts/alert_sink.ts";
import { AlertMonitor } from "../alerts/alert_monitor.ts";
import { type AlertOptionsInput, resolveAlertOptions } from "../alerts/alert_options.ts";
import { parseBlocklistText } from "../alerts/detectors/blocklist.ts";
import type { Options } from "./options.ts";
import type { StatsSource } from "../server/stats_source.ts";
import type { StatsEngine } from "../stats/engine.ts";

/**
 * The run's alert monitor, or undefined with `--no-alerts`. Throws one-line errors. `history`:
 * where a served run keeps its alerts (the monitor continues the database's numbering).
 */
export function createAlertMonitor(
  options: Options,
  clock: "packet" | "wall",
  input: AlertOptionsInput = {},
  history?: { sinks: AlertSink[]; firstId: number },
  engine?: StatsEngine,
): AlertMonitor | undefined {
  if (!options.alerts) return undefined;
  const blocklist = [...(input.blocklist ?? [])];
  for (const path of options.blocklists) blocklist.push(...readBlocklist(path));
  // --local-net decides what a new service or a new external talker is, as for the statistics.
  const localNets = input.localNets ?? options.localNets;
  const alerts = resolveAlertOptions({ ...input, blocklist, localNets });
  return new AlertMonitor({
    clock,
    alerts,
    ...(history ? { sinks: history.sinks, firstId: history.firstId } : {}),
    // What hosts send is already counted by the engine: the anomaly features read it there.
    ...(engine ? { traffic: () => engine.takeSent(alerts.anomaly.maxHosts) } : {}),
  });
}

function readBlocklist(path: string): string[] {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound
      ? "no such file"
      : error instanceof Error
      ? error.message
      : String(error);
    throw new Error(`Cannot read blocklist "${path}": ${why}`);
  }
  return parseBlocklistText(text, `blocklist "${path}"`);
}

/** The document with the run's alerts as its `alerts` field (unchanged with `--no-alerts`). */
export function withAlerts<T extends object>(
  document: T,
  monitor: AlertMonitor | undefined,
): T & { alerts?: Alert[] } {
  return monitor ? { ...document, alerts: monitor.list() } : document;
}

/** `stats` whose snapshot (what `/stats` and SSE serve) carries the monitor's alerts. */
export function withAlertsSource(stats: StatsSource, monitor: AlertMonitor): StatsSource {
  return {
    snapshot: () => withAlerts(stats.snapshot(), monitor),
    flows: (query) => stats.flows(query),
    packets: (query) => stats.packets(query),
    series: (window) => stats.series(window),
  };
}
