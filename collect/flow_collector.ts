/**
 * The collector: one datagram in, its flow records out to a sink, every refusal counted. It
 * holds the exporters' templates (bounded, see `ExporterTable`) and never throws on what it is
 * sent: a datagram is read through a DataView of exactly its bytes, and every offset is checked
 * against that length before it is read.
 */

import { type FlowSink } from "./collected_flow.ts";
import { DropCounts, type DropReason } from "./drop_reason.ts";
import { ExporterTable } from "./exporter_table.ts";
import { parseIpfix } from "./ipfix.ts";
import { parseNetflowV5 } from "./netflow_v5.ts";
import { parseNetflowV9 } from "./netflow_v9.ts";
import { RecordFields } from "./record_fields.ts";

/** One exporter as `/stats` shows it. */
export interface ExporterSummary {
  address: string;
  version: number;
  /** Datagrams received. */
  packets: number;
  /** Flow records counted, and the packets and bytes they carried (sampling applied). */
  flows: number;
  flowPackets: number;
  flowBytes: number;
  templates: number;
  /** Datagrams whose sequence number showed export lost (or reordered) before them. */
  sequenceErrors: number;
  /** Everything dropped from this exporter, by reason. */
  drops: Record<string, number>;
  /** Epoch ms of its last datagram. */
  lastSeenMs: number;
}

/** The collector as `/stats` shows it. */
export interface CollectorSummary {
  /** Where it listens, e.g. "udp:127.0.0.1:2055". */
  listen: string;
  datagrams: number;
  flows: number;
  /** `flows` by the version that carried them: always the keys "5", "9" and "10". */
  flowsByVersion: Record<string, number>;
  /** Exporters in the table now (at most `MAX_EXPORTERS`); `exporters` lists the latest 100. */
  exportersTracked: number;
  exporters: ExporterSummary[];
  /** Everything dropped, by reason, all exporters together. */
  dropped: Record<string, number>;
}

/** Exporters listed in a summary: the most recently heard. */
export const SUMMARY_EXPORTERS = 100;

/** The versions the collector reads: NetFlow v5, v9 and IPFIX (10). */
export const COLLECTED_VERSIONS = [5, 9, 10] as const;

export class FlowCollector {
  readonly drops = new DropCounts();
  readonly #exporters: ExporterTable;
  readonly #fields = new RecordFields();
  readonly #sink: FlowSink;
  readonly #now: () => number;
  datagrams = 0;
  flows = 0;
  /** Records counted per `COLLECTED_VERSIONS` entry, and the entry of the datagram being read. */
  readonly #flowsByVersion = new Float64Array(COLLECTED_VERSIONS.length);
  #versionSlot = 0;

  constructor(sink: FlowSink, options: { maxExporters?: number; now?: () => number } = {}) {
    const onDrop = (reason: DropReason) => this.drops.add(reason);
    this.#exporters = new ExporterTable(onDrop, options.maxExporters);
    this.#now = options.now ?? Date.now;
    this.#sink = (flow) => {
      this.flows++;
      this.#flowsByVersion[this.#versionSlot]!++;
      sink(flow);
    };
  }

  /** Read one datagram from `address` (the exporter's IP). Never throws on its content. */
  receive(datagram: Uint8Array, address: string): void {
    this.datagrams++;
    const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
    if (view.byteLength < 2) return this.drops.add("truncatedHeader");
    const version = view.getUint16(0);
    if (version !== 5 && version !== 9 && version !== 10) return this.drops.add("unknownVersion");
    this.#versionSlot = version === 5 ? 0 : version === 9 ? 1 : 2;
    const exporter = this.#exporters.get(address, version);
    exporter.packets++;
    exporter.lastSeenMs = this.#now();
    if (version === 5) parseNetflowV5(view, exporter, this.#fields.flow, this.#sink);
    else if (version === 9) parseNetflowV9(view, exporter, this.#fields, this.#sink);
    else parseIpfix(view, exporter, this.#fields, this.#sink);
  }

  get exporterCount(): number {
    return this.#exporters.size;
  }

  summary(listen: string): CollectorSummary {
    return {
      listen,
      datagrams: this.datagrams,
      flows: this.flows,
      flowsByVersion: Object.fromEntries(
        COLLECTED_VERSIONS.map((version, i) => [String(version), this.#flowsByVersion[i]!]),
      ),
      exportersTracked: this.#exporters.size,
      exporters: this.#exporters.list().slice(0, SUMMARY_EXPORTERS).map((e) => ({
        address: e.address,
        version: e.version,
        packets: e.packets,
        flows: e.flows,
        flowPackets: e.flowPackets,
        flowBytes: e.flowOctets,
        templates: e.templateCount,
        sequenceErrors: e.sequenceErrors,
        drops: e.drops.toJSON(),
        lastSeenMs: e.lastSeenMs,
      })),
      dropped: this.drops.toJSON(),
    };
  }
}
