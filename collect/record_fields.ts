/**
 * Reading one data record of a v9 or IPFIX template into plain fields. One `RecordFields` is
 * reused for every record; absent values are -1 (NaN for times).
 */

import { CollectedFlow } from "./collected_flow.ts";
import { IE, REVERSED, VARIABLE_LENGTH } from "./information_elements.ts";
import { SKIPPED, type Template } from "./template.ts";

/** 2^32, to join two 32-bit halves of an unsigned 64-bit value. */
const TWO_32 = 4294967296;
/** Seconds from the NTP era (1900) to the Unix epoch (RFC 7011 section 6.1.10). */
const NTP_TO_UNIX_SEC = 2_208_988_800;

export class RecordFields {
  readonly flow = new CollectedFlow();
  octetDelta = -1;
  packetDelta = -1;
  octetTotal = -1;
  packetTotal = -1;
  /** A biflow's reverse direction (RFC 5103); -1 when the record is one direction only. */
  reverseOctets = -1;
  reversePackets = -1;
  reverseTcpFlags = -1;
  /** sysUpTime ms of the first and last packet (v9 FIRST/LAST_SWITCHED). */
  upStart = -1;
  upEnd = -1;
  samplingInterval = -1;
  samplerRandomInterval = -1;
  packetInterval = -1;
  packetSpace = -1;
  samplerId = -1;
  systemInitMs = NaN;
  srcLen = 0;
  dstLen = 0;

  reset(): void {
    this.flow.reset();
    this.srcLen = 0;
    this.dstLen = 0;
    this.octetDelta = -1;
    this.packetDelta = -1;
    this.octetTotal = -1;
    this.packetTotal = -1;
    this.reverseOctets = -1;
    this.reversePackets = -1;
    this.reverseTcpFlags = -1;
    this.upStart = -1;
    this.upEnd = -1;
    this.samplingInterval = -1;
    this.samplerRandomInterval = -1;
    this.packetInterval = -1;
    this.packetSpace = -1;
    this.samplerId = -1;
    this.systemInitMs = NaN;
  }

  /** 1 in how many packets the record itself says were taken; -1 when it does not say. */
  ownSampling(): number {
    if (this.samplingInterval > 0) return this.samplingInterval;
    if (this.samplerRandomInterval > 0) return this.samplerRandomInterval;
    if (this.packetInterval > 0 && this.packetSpace >= 0) {
      return (this.packetInterval + this.packetSpace) / this.packetInterval;
    }
    return -1;
  }

  /**
   * Read the record of `t` at `at` (the set ends at `end`, at least `t.minLength` past `at`).
   * Returns the offset after it, or -1 when a variable-length field runs past `end`.
   */
  read(view: DataView, at: number, end: number, t: Template): number {
    this.reset();
    const ids = t.ids;
    const lengths = t.lengths;
    for (let i = 0; i < ids.length; i++) {
      let length = lengths[i]!;
      if (length === VARIABLE_LENGTH) {
        // RFC 7011 section 7: one length byte, or 255 then two.
        if (at + 1 > end) return -1;
        length = view.getUint8(at++);
        if (length === 255) {
          if (at + 2 > end) return -1;
          length = view.getUint16(at);
          at += 2;
        }
      }
      if (at + length > end) return -1;
      const id = ids[i]!;
      if (id !== SKIPPED) this.#field(view, at, id, length);
      at += length;
    }
    // A record is about one address family: both addresses of the same length, or none.
    this.flow.addrLen = this.srcLen === this.dstLen ? this.srcLen : 0;
    return at;
  }

  #field(view: DataView, at: number, id: number, length: number): void {
    const f = this.flow;
    switch (id) {
      case IE.sourceIPv4Address:
      case IE.sourceIPv6Address:
        copyAddress(view, at, length, f.src);
        this.srcLen = length;
        return;
      case IE.destinationIPv4Address:
      case IE.destinationIPv6Address:
        copyAddress(view, at, length, f.dst);
        this.dstLen = length;
        return;
      case IE.protocolIdentifier:
        f.protocol = view.getUint8(at);
        return;
      case IE.sourceTransportPort:
        f.srcPort = readUnsigned(view, at, length);
        return;
      case IE.destinationTransportPort:
        f.dstPort = readUnsigned(view, at, length);
        return;
      case IE.tcpControlBits:
        f.tcpFlags = readUnsigned(view, at, length) & 0x1ff;
        return;
      default:
        this.#numeric(view, at, id, length);
    }
  }

  #numeric(view: DataView, at: number, id: number, length: number): void {
    const f = this.flow;
    switch (id) {
      case IE.octetDeltaCount:
        this.octetDelta = readUnsigned(view, at, length);
        return;
      case IE.packetDeltaCount:
        this.packetDelta = readUnsigned(view, at, length);
        return;
      case IE.octetTotalCount:
        this.octetTotal = readUnsigned(view, at, length);
        return;
      case IE.packetTotalCount:
        this.packetTotal = readUnsigned(view, at, length);
        return;
      case IE.flowStartSysUpTime:
        this.upStart = view.getUint32(at);
        return;
      case IE.flowEndSysUpTime:
        this.upEnd = view.getUint32(at);
        return;
      case IE.flowStartSeconds:
        f.startMs = view.getUint32(at) * 1000;
        return;
      case IE.flowEndSeconds:
        f.endMs = view.getUint32(at) * 1000;
        return;
      case IE.flowStartMilliseconds:
        f.startMs = readUnsigned(view, at, 8);
        return;
      case IE.flowEndMilliseconds:
        f.endMs = readUnsigned(view, at, 8);
        return;
      case IE.flowStartMicroseconds:
      case IE.flowStartNanoseconds:
        f.startMs = ntpMs(view, at);
        return;
      case IE.flowEndMicroseconds:
      case IE.flowEndNanoseconds:
        f.endMs = ntpMs(view, at);
        return;
      case IE.systemInitTimeMilliseconds:
        this.systemInitMs = readUnsigned(view, at, 8);
        return;
      default:
        this.#sampling(view, at, id, length);
    }
  }

  #sampling(view: DataView, at: number, id: number, length: number): void {
    switch (id) {
      case IE.samplingInterval:
        this.samplingInterval = readUnsigned(view, at, length);
        return;
      case IE.samplerRandomInterval:
        this.samplerRandomInterval = readUnsigned(view, at, length);
        return;
      case IE.samplingPacketInterval:
        this.packetInterval = readUnsigned(view, at, length);
        return;
      case IE.samplingPacketSpace:
        this.packetSpace = readUnsigned(view, at, length);
        return;
      case IE.samplerId:
      case IE.selectorId:
        this.samplerId = readUnsigned(view, at, length);
        return;
      case REVERSED.octetDeltaCount:
        this.reverseOctets = readUnsigned(view, at, length);
        return;
      case REVERSED.packetDeltaCount:
        this.reversePackets = readUnsigned(view, at, length);
        return;
      case REVERSED.tcpControlBits:
        this.reverseTcpFlags = readUnsigned(view, at, length) & 0x1ff;
        return;
    }
  }
}

/** An unsigned big-endian integer of 1 to 8 bytes (past 2^53 it is rounded, as any JS number). */
export function readUnsigned(view: DataView, at: number, length: number): number {
  if (length === 8) return view.getUint32(at) * TWO_32 + view.getUint32(at + 4);
  let v = 0;
  for (let i = 0; i < length; i++) v = v * 256 + view.getUint8(at + i);
  return v;
}

function copyAddress(view: DataView, at: number, length: number, out: Uint8Array): void {
  for (let i = 0; i < length; i++) out[i] = view.getUint8(at + i);
}

/** An NTP timestamp (seconds since 1900, 32-bit fraction) as epoch ms. */
function ntpMs(view: DataView, at: number): number {
  return (view.getUint32(at) - NTP_TO_UNIX_SEC) * 1000 + view.getUint32(at + 4) / TWO_32 * 1000;
}
