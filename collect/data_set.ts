/**
 * The data set of a v9 or IPFIX message: records of one template, read one after another until
 * fewer bytes are left than the shortest record (the rest is padding, RFC 3954 section 5.3,
 * RFC 7011 section 3.3.1). Options records teach the exporter's sampling and clock; flow records
 * are completed (counts times the sampling rate, sysUpTime turned into epoch ms) and handed on.
 */

import { DEFAULT_SAMPLER, type ExporterState } from "./exporter_state.ts";
import type { CollectedFlow, FlowSink } from "./collected_flow.ts";
import type { RecordFields } from "./record_fields.ts";
import type { Template } from "./template.ts";

/** Where a message's clock stands, for records that time flows by sysUpTime. */
export interface MessageClock {
  /** Export time of the message, epoch ms. */
  exportMs: number;
  /** Epoch ms at sysUpTime 0, when the header says (v9); NaN to ask the exporter's options. */
  bootMs: number;
}

/**
 * Read the records of `t` in `[at, end)`; counts a bad variable length and stops there. Returns
 * how many records were read (what IPFIX sequence numbers count).
 */
export function readDataSet(
  view: DataView,
  at: number,
  end: number,
  t: Template,
  exporter: ExporterState,
  domain: number,
  clock: MessageClock,
  fields: RecordFields,
  sink: FlowSink,
): number {
  let records = 0;
  while (end - at >= t.minLength) {
    const next = fields.read(view, at, end, t);
    if (next < 0) {
      exporter.drop("badVariableLength");
      return records;
    }
    at = next;
    records++;
    if (t.options) learnOptions(fields, exporter, domain);
    else emitFlow(fields, exporter, domain, clock, sink);
  }
  return records;
}

function learnOptions(fields: RecordFields, exporter: ExporterState, domain: number): void {
  if (Number.isFinite(fields.systemInitMs)) exporter.setSystemInit(domain, fields.systemInitMs);
  const rate = fields.ownSampling();
  if (rate > 0) {
    const sampler = fields.samplerId >= 0 ? fields.samplerId : DEFAULT_SAMPLER;
    exporter.setSampling(domain, sampler, rate);
  }
}

function emitFlow(
  fields: RecordFields,
  exporter: ExporterState,
  domain: number,
  clock: MessageClock,
  sink: FlowSink,
): void {
  const flow = fields.flow;
  if (flow.addrLen === 0) {
    exporter.drop("noAddresses");
    return;
  }
  const rate = samplingRate(fields, exporter, domain);
  const packets = fields.packetDelta >= 0 ? fields.packetDelta : Math.max(0, fields.packetTotal);
  const octets = fields.octetDelta >= 0 ? fields.octetDelta : Math.max(0, fields.octetTotal);
  flow.packets = packets * rate;
  flow.octets = octets * rate;
  let boot = clock.bootMs;
  if (Number.isNaN(boot)) boot = fields.systemInitMs;
  if (Number.isNaN(boot)) boot = exporter.systemInitOf(domain) ?? NaN;
  if (Number.isNaN(flow.startMs) && fields.upStart >= 0) flow.startMs = boot + fields.upStart;
  if (Number.isNaN(flow.endMs) && fields.upEnd >= 0) flow.endMs = boot + fields.upEnd;
  // Without a clock origin (or any time at all) the flow is dated by its message.
  if (Number.isNaN(flow.endMs)) flow.endMs = clock.exportMs;
  if (Number.isNaN(flow.startMs)) flow.startMs = flow.endMs;
  const forward = fields.packetDelta !== 0 || fields.reversePackets <= 0;
  if (forward) hand(flow, exporter, sink);
  // A biflow (RFC 5103) carries the other direction too: it is counted as its own record,
  // from the destination to the source.
  if (fields.reversePackets > 0) {
    flow.packets = fields.reversePackets * rate;
    flow.octets = Math.max(0, fields.reverseOctets) * rate;
    flow.tcpFlags = fields.reverseTcpFlags;
    reverse(flow);
    hand(flow, exporter, sink);
  }
}

function hand(flow: CollectedFlow, exporter: ExporterState, sink: FlowSink): void {
  exporter.flows++;
  exporter.flowPackets += flow.packets;
  exporter.flowOctets += flow.octets;
  sink(flow);
}

/** Swap the flow's ends: addresses and ports. */
function reverse(flow: CollectedFlow): void {
  for (let i = 0; i < flow.addrLen; i++) {
    const a = flow.src[i]!;
    flow.src[i] = flow.dst[i]!;
    flow.dst[i] = a;
  }
  const port = flow.srcPort;
  flow.srcPort = flow.dstPort;
  flow.dstPort = port;
}

/** The record's own rate, else its sampler's, else the domain's, else 1 (not sampled). */
function samplingRate(fields: RecordFields, exporter: ExporterState, domain: number): number {
  const own = fields.ownSampling();
  if (own > 0) return own;
  if (fields.samplerId >= 0) {
    const named = exporter.samplingOf(domain, fields.samplerId);
    if (named !== undefined) return named;
  }
  return exporter.samplingOf(domain, DEFAULT_SAMPLER) ?? 1;
}
