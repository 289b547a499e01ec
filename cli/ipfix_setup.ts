/**
 * Wiring `--ipfix` into a run: the engine options a file needs for flows to end as they would
 * live, the exporter (loaded only when asked for: it brings in `node:dgram`), and the line that
 * says what was sent.
 */

import type { IpfixExporter } from "../export/ipfix/ipfix_exporter.ts";
import type { CaptureSource } from "../capture/worker_protocol.ts";
import type { StatsEngine } from "../stats/engine.ts";
import { FLOW_ACTIVE_TIMEOUT_MS, FLOW_IDLE_TIMEOUT_MS } from "../stats/flow_table.ts";
import type { StatsOptions } from "../stats/options.ts";
import type { Options } from "./options.ts";
import { interfaceIndex } from "../ffi/interface_index.ts";

/**
 * A file keeps every conversation for the dashboard (no timeouts); exported, its flows time out
 * on packet time with the live timeouts, so a collector gets the records a live capture of the
 * same traffic would have sent.
 */
export function withIpfixTimeouts(options: Options, file: StatsOptions): StatsOptions {
  if (options.ipfix === undefined) return file;
  return {
    ...file,
    flowIdleTimeoutMs: FLOW_IDLE_TIMEOUT_MS,
    flowActiveTimeoutMs: FLOW_ACTIVE_TIMEOUT_MS,
  };
}

/** The exporter for `--ipfix`, watching `engine` from its first packet; undefined without it. */
export async function startIpfixExport(
  options: Options,
  engine: StatsEngine,
  source: CaptureSource,
): Promise<IpfixExporter | undefined> {
  const target = options.ipfix;
  if (target === undefined) return undefined;
  const { IpfixExporter } = await import("../export/ipfix/ipfix_exporter.ts");
  return new IpfixExporter(engine, {
    collector: { host: target.host, port: target.port },
    biflow: target.biflow,
    // The capture interface's ifIndex: 0 for a file, for `any` (which has none) and for several
    // -i, whose packets meet in one flow table that does not remember which interface saw them.
    ingressInterface: source.kind === "live" && options.interfaces.length <= 1
      ? interfaceIndex(source.device)
      : 0,
  });
}

/** Exporters whose last line was printed: a file's run finishes at its end and at exit. */
const reported = new WeakSet<IpfixExporter>();

/** Send the flows still in the table, then say once on stderr what went to the collector. */
export async function finishIpfixExport(exporter: IpfixExporter | undefined): Promise<void> {
  if (exporter === undefined) return;
  await exporter.finish();
  if (reported.has(exporter)) return;
  reported.add(exporter);
  const s = exporter.summary();
  const lost = s.dropped + s.failed;
  console.error(
    `wirescope: IPFIX to ${s.collector}: ${s.records} flow records in ${s.messages} messages` +
      (lost > 0
        ? `; ${lost} messages not sent (${s.dropped} over the queue's bound, ${s.failed} ` +
          `refused by the socket${exporter.lastError ? `: ${exporter.lastError}` : ""})`
        : ""),
  );
}
