/**
 * NetFlow v5 (Cisco's fixed format, as softflowd, nfdump and RFC 3954's introduction describe
 * it): a 24-byte header, then up to 30 records of 48 bytes. IPv4 only, no templates.
 *
 *   header: version(2) count(2) sysUptime(4) unix_secs(4) unix_nsecs(4) flow_sequence(4)
 *           engine_type(1) engine_id(1) sampling(2: mode in the top 2 bits, interval below)
 *   record: srcaddr(4) dstaddr(4) nexthop(4) input(2) output(2) dPkts(4) dOctets(4)
 *           First(4) Last(4) srcport(2) dstport(2) pad(1) tcp_flags(1) prot(1) tos(1)
 *           src_as(2) dst_as(2) src_mask(1) dst_mask(1) pad(2)
 */

import type { CollectedFlow, FlowSink } from "./collected_flow.ts";
import type { ExporterState } from "./exporter_state.ts";

export const V5_HEADER_BYTES = 24;
export const V5_RECORD_BYTES = 48;
/** The most records one v5 datagram carries (Cisco's limit, 24 + 30 x 48 = 1464 bytes). */
export const V5_MAX_RECORDS = 30;
const SAMPLING_INTERVAL_MASK = 0x3fff;

/** Read a v5 datagram (version already checked), handing each record to `sink`. */
export function parseNetflowV5(
  view: DataView,
  exporter: ExporterState,
  flow: CollectedFlow,
  sink: FlowSink,
): void {
  const length = view.byteLength;
  if (length < V5_HEADER_BYTES) return exporter.drop("truncatedHeader");
  const count = view.getUint16(2);
  if (count === 0 || count > V5_MAX_RECORDS) return exporter.drop("badCount");
  if (V5_HEADER_BYTES + count * V5_RECORD_BYTES > length) return exporter.drop("badLength");
  // flow_sequence counts the flows exported before this datagram, per engine type and id.
  const engine = view.getUint16(20);
  const sequence = view.getUint32(16);
  exporter.checkSequence(engine, sequence);
  exporter.expectSequence(engine, sequence + count);
  const uptime = view.getUint32(4);
  const exportMs = view.getUint32(8) * 1000 + Math.floor(view.getUint32(12) / 1e6);
  // 1 in `interval` packets was counted; 0 or 1 means every packet.
  const interval = view.getUint16(22) & SAMPLING_INTERVAL_MASK;
  const rate = interval > 1 ? interval : 1;
  for (let i = 0; i < count; i++) {
    const r = V5_HEADER_BYTES + i * V5_RECORD_BYTES;
    flow.reset();
    flow.addrLen = 4;
    for (let b = 0; b < 4; b++) {
      flow.src[b] = view.getUint8(r + b);
      flow.dst[b] = view.getUint8(r + 4 + b);
    }
    flow.packets = view.getUint32(r + 16) * rate;
    flow.octets = view.getUint32(r + 20) * rate;
    // First and Last are sysUptime ms; the difference to the header's uptime wraps at 2^32.
    flow.startMs = exportMs - ((uptime - view.getUint32(r + 24)) >>> 0);
    flow.endMs = exportMs - ((uptime - view.getUint32(r + 28)) >>> 0);
    flow.srcPort = view.getUint16(r + 32);
    flow.dstPort = view.getUint16(r + 34);
    flow.tcpFlags = view.getUint8(r + 37);
    flow.protocol = view.getUint8(r + 38);
    exporter.flows++;
    exporter.flowPackets += flow.packets;
    exporter.flowOctets += flow.octets;
    sink(flow);
  }
}
