/**
 * `--ipfix HOST:PORT`: every flow the statistics engine's flow table lets go (idle or active
 * timeout, a full table, a reopened TCP port pair) leaves as IPFIX data records, and at the end
 * of a file or at shutdown every flow still in the table leaves once (flowEndReason "forced
 * end", or "end of flow detected" for TCP seen closing). The flow table's own eviction is the
 * clock: this runs on the main thread when it evicts (once a second live, with packet time for
 * files), never in the capture worker, and a packet's only extra cost is `FlowDirections`.
 *
 * Each record counts the flow from its creation to its end, so delta counts are the flow's
 * totals: the table restarts a flow it expired on its next packet.
 */

import type { FlowEndView, StatsEngine } from "../../stats/engine.ts";
import type { EvictReason } from "../../stats/flow_table.ts";
import { endReasonOf, FlowEndReason, FlowExportRecord } from "./flow_export_record.ts";
import { IpfixMessageBuilder } from "./message_builder.ts";
import { BIFLOW_TEMPLATES, type Template, UNIFLOW_TEMPLATES } from "./templates.ts";
import { type Collector, MAX_QUEUED_MESSAGES, UdpSender } from "./udp_sender.ts";

/** Records waiting in a pending message are sent at least this often. */
export const EXPORT_FLUSH_MS = 1000;
/** Live flows encoded between waits for the socket in the final sweep. */
const SWEEP_CHUNK = 1024;

export interface IpfixExportOptions {
  collector: Collector;
  /** One record per flow with reverse fields (RFC 5103) instead of one per direction. */
  biflow: boolean;
  /** Observation domain ID (RFC 7011 3.1); default 0. */
  domainId?: number;
  /** ifIndex of the capture interface, 0 when unknown (a file). */
  ingressInterface?: number;
  /** Wall clock for export times and template refresh (tests move it). */
  wallMs?: () => number;
}

/** What an exporter did, for the run's last line and the tests. */
export interface IpfixExportSummary {
  collector: string;
  records: number;
  /** Records by IP protocol number (only those with any). */
  recordsByProtocol: Record<string, number>;
  messages: number;
  sent: number;
  dropped: number;
  failed: number;
}

export class IpfixExporter {
  readonly #view: FlowEndView;
  readonly #biflow: boolean;
  readonly #templates: readonly [Template, Template];
  readonly #builder: IpfixMessageBuilder;
  readonly #sender: UdpSender;
  readonly #record = new FlowExportRecord();
  readonly #byProtocol = new Float64Array(256);
  readonly #collector: Collector;
  readonly #timer: ReturnType<typeof setInterval>;
  #finished: Promise<void> | undefined;

  /** Watch `engine`'s flow table (before its first packet) and export to the collector. */
  constructor(engine: StatsEngine, options: IpfixExportOptions) {
    this.#collector = options.collector;
    this.#biflow = options.biflow;
    this.#templates = options.biflow ? BIFLOW_TEMPLATES : UNIFLOW_TEMPLATES;
    this.#sender = new UdpSender(options.collector);
    this.#builder = new IpfixMessageBuilder(
      this.#templates,
      options.domainId ?? 0,
      (message) => this.#sender.send(message),
      options.wallMs,
    );
    this.#record.ingressInterface = options.ingressInterface ?? 0;
    this.#view = engine.watchFlowEnds((id, reason) => this.#flowEnded(id, reason));
    this.#timer = setInterval(() => this.#builder.flush(), EXPORT_FLUSH_MS);
  }

  /**
   * Export every flow still in the table, send everything pending and close the socket. Called
   * at the end of a file and again at shutdown: only the first call exports.
   */
  finish(): Promise<void> {
    this.#finished ??= this.#sweep();
    return this.#finished;
  }

  summary(): IpfixExportSummary {
    const recordsByProtocol: Record<string, number> = {};
    this.#byProtocol.forEach((n, proto) => {
      if (n > 0) recordsByProtocol[proto] = n;
    });
    const { host, port } = this.#collector;
    return {
      collector: host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`,
      records: this.#builder.records,
      recordsByProtocol,
      messages: this.#builder.messages,
      sent: this.#sender.sent,
      dropped: this.#sender.dropped,
      failed: this.#sender.failed,
    };
  }

  /** The socket's last error, if any. */
  get lastError(): string | undefined {
    return this.#sender.lastError;
  }

  #flowEnded(id: number, reason: EvictReason | "forced"): void {
    if (this.#finished !== undefined && reason !== "forced") return;
    const end = endReasonOf(reason, this.#view.flows.state(id));
    this.#exportDirection(id, 0, end);
    if (!this.#biflow) this.#exportDirection(id, 1, end);
  }

  #exportDirection(id: number, dir: 0 | 1, end: FlowEndReason): void {
    const record = this.#record;
    if (!record.fill(this.#view, id, dir, this.#biflow, end)) return;
    this.#builder.add(this.#templates[record.family === 4 ? 0 : 1], record);
    this.#byProtocol[record.protocol] = this.#byProtocol[record.protocol]! + 1;
  }

  async #sweep(): Promise<void> {
    clearInterval(this.#timer);
    const index = this.#view.flows.index;
    for (let id = 0; id < index.highWater; id++) {
      if (!index.isLive(id)) continue;
      this.#flowEnded(id, "forced");
      // Hand the socket what is queued before the queue could overflow.
      if (id % SWEEP_CHUNK === 0 && this.#sender.queued > MAX_QUEUED_MESSAGES / 2) {
        await this.#sender.idle();
      }
    }
    this.#builder.flush();
    await this.#sender.close();
  }
}
