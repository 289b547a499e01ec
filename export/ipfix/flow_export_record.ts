/**
 * One flow as an IPFIX data record carries it, filled from the flow table and the details kept
 * beside it. One object is reused for every record: filling it allocates nothing.
 *
 * Uniflow (RFC 7011): one record per direction that carried packets, source being the sender.
 * Biflow (RFC 5103): one record per flow, source being the side that sent the first packet
 * seen (the initiator), with the other direction in the reverse fields.
 */

import type { FlowEndView } from "../../stats/engine.ts";
import { EvictReason } from "../../stats/flow_table.ts";
import { FlowState } from "../../stats/tcp_state.ts";
import {
  flowKeyAddress,
  flowKeyFamily,
  flowKeyHasPorts,
  flowKeyPort,
  flowKeyProto,
} from "../../capture/packet_keys.ts";

/** flowEndReason values (IANA IPFIX registry, RFC 7012 5.11.3). */
export const FlowEndReason = {
  idleTimeout: 1,
  activeTimeout: 2,
  endOfFlowDetected: 3,
  forcedEnd: 4,
  lackOfResources: 5,
} as const;
export type FlowEndReason = typeof FlowEndReason[keyof typeof FlowEndReason];

/** Why the table let a flow go, as the flowEndReason a collector understands. */
export function endReasonOf(reason: EvictReason | "forced", tcpState: number): FlowEndReason {
  // A TCP flow whose end was seen (both FINs, or a RST) ended, whatever then removed it.
  if (tcpState === FlowState.closed || tcpState === FlowState.reset) {
    return FlowEndReason.endOfFlowDetected;
  }
  switch (reason) {
    case EvictReason.idle:
      return FlowEndReason.idleTimeout;
    case EvictReason.active:
      return FlowEndReason.activeTimeout;
    case EvictReason.capacity:
      return FlowEndReason.lackOfResources;
    case EvictReason.reopened:
      return FlowEndReason.endOfFlowDetected;
    default:
      return FlowEndReason.forcedEnd;
  }
}

export class FlowExportRecord {
  /** 4 or 16. */
  family = 4;
  readonly source = new Uint8Array(16);
  readonly destination = new Uint8Array(16);
  /** 0 when the flow has no ports (not TCP/UDP, or a non-first fragment). */
  sourcePort = 0;
  destinationPort = 0;
  protocol = 0;
  startMs = 0;
  endMs = 0;
  octets = 0;
  packets = 0;
  tcpFlags = 0;
  /** The reverse direction (biflow only). */
  reverseOctets = 0;
  reversePackets = 0;
  reverseTcpFlags = 0;
  endReason: FlowEndReason = FlowEndReason.forcedEnd;
  /** Outer VLAN ID, 0 when untagged (IEEE 802.1Q reserves 0 for "no VLAN"). */
  vlanId = 0;
  ingressInterface = 0;
  readonly #source4 = this.source.subarray(0, 4);
  readonly #destination4 = this.destination.subarray(0, 4);

  /**
   * Fill from flow `id` of `view`: direction `dir` (0: A->B, 1: B->A) as the source side,
   * and with `biflow` the other direction as the reverse fields. False when that direction
   * carried no packet (there is nothing to export for it).
   */
  fill(view: FlowEndView, id: number, dir: 0 | 1, biflow: boolean, endReason: FlowEndReason) {
    const { flows, directions } = view;
    const packets = flows.packets(id, dir);
    if (packets === 0) return false;
    const keys = flows.index.keys;
    const base = flows.index.keyBase(id);
    const aSide: 0 | 1 = flows.aIsLow(id) ? 0 : 1;
    const srcSide: 0 | 1 = dir === 0 ? aSide : aSide === 0 ? 1 : 0;
    const dstSide: 0 | 1 = srcSide === 0 ? 1 : 0;
    this.family = flowKeyFamily(keys, base);
    const v4 = this.family === 4;
    flowKeyAddress(keys, base, srcSide, v4 ? this.#source4 : this.source);
    flowKeyAddress(keys, base, dstSide, v4 ? this.#destination4 : this.destination);
    const ports = flowKeyHasPorts(keys, base);
    this.sourcePort = ports ? flowKeyPort(keys, base, srcSide) : 0;
    this.destinationPort = ports ? flowKeyPort(keys, base, dstSide) : 0;
    this.protocol = Math.max(0, flowKeyProto(keys, base));
    this.packets = packets;
    this.octets = directions.octets(id, dir);
    this.tcpFlags = directions.tcpFlags(id, dir);
    const back = 1 - dir;
    const reverse = biflow ? flows.packets(id, back) : 0;
    this.reversePackets = reverse;
    this.reverseOctets = reverse > 0 ? directions.octets(id, back) : 0;
    this.reverseTcpFlags = reverse > 0 ? directions.tcpFlags(id, back) : 0;
    this.startMs = directions.firstMs(id, dir);
    this.endMs = directions.lastMs(id, dir);
    if (reverse > 0) {
      this.startMs = Math.min(this.startMs, directions.firstMs(id, back));
      this.endMs = Math.max(this.endMs, directions.lastMs(id, back));
    }
    this.endReason = endReason;
    this.vlanId = Math.max(0, directions.vlanId(id));
    return true;
  }
}
