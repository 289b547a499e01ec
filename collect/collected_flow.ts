/**
 * The flow record every parser fills: one object, reset and overwritten per record, so a
 * datagram of thirty records makes no garbage of its own.
 */

import type { FlowRecordInput } from "../stats/flow_record_input.ts";

export class CollectedFlow implements FlowRecordInput {
  addrLen = 0;
  readonly src = new Uint8Array(16);
  readonly dst = new Uint8Array(16);
  protocol = -1;
  srcPort = -1;
  dstPort = -1;
  tcpFlags = -1;
  packets = 0;
  octets = 0;
  startMs = NaN;
  endMs = NaN;

  reset(): void {
    this.addrLen = 0;
    this.protocol = -1;
    this.srcPort = -1;
    this.dstPort = -1;
    this.tcpFlags = -1;
    this.packets = 0;
    this.octets = 0;
    this.startMs = NaN;
    this.endMs = NaN;
  }
}

/** What the parsers hand each flow record to; `flow` is reused after the call returns. */
export type FlowSink = (flow: CollectedFlow) => void;
