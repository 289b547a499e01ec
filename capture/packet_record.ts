/**
 * The fixed-size record a `DecodedPacket` becomes in the packet ring: the worker writes it, the
 * main thread reads it back into its own `DecodedPacket`. One 32-bit word per field keeps the
 * codec obvious. The record also carries the packet's `FlowHint` (flow key and hash), which the
 * worker has time to compute and the main thread does not; at 52 words (208 bytes) it is still
 * cheap next to the decode.
 */
import type { DecodeError, L3, L4 } from "./decode/packet.ts";
import { DecodedPacket } from "./decode/packet.ts";
import { FlowHint } from "../stats/flow_hint.ts";
import { FLOW_KEY_WORDS } from "../stats/packet_keys.ts";

/** Word offsets inside a record. Addresses take four words each, MACs three for both. */
const W = {
  tsSec: 0,
  tsNsec: 1,
  caplen: 2,
  wireLen: 3,
  linkType: 4,
  etherType: 5,
  encapsulation: 6,
  vlanCount: 7,
  vlanId: 8,
  flags: 9,
  l3: 10,
  addrLen: 11,
  src: 12,
  dst: 16,
  ipProto: 20,
  ttl: 21,
  ipHeaderLen: 22,
  ipTotalLen: 23,
  fragOffset: 24,
  arpOp: 25,
  l4: 26,
  srcPort: 27,
  dstPort: 28,
  tcpFlags: 29,
  tcpSeq: 30,
  tcpAck: 31,
  tcpWindow: 32,
  icmpType: 33,
  icmpCode: 34,
  payloadLength: 35,
  payloadCaptured: 36,
  error: 37,
  macs: 38, // 38..40: dstMac then srcMac, 12 bytes
  flowHash: 41,
  flowKey: 42, // 42..51
} as const;

const HAS_MAC = 1;
const TRUNCATED = 2;
const FRAGMENT = 4;
// Presence bits for the sequence numbers, whose every 32-bit value is legal (so no sentinel).
const HAS_SEQ = 8;
const HAS_ACK = 16;
// The flow hint: the worker computed one, the packet has a flow key, and its source is the
// key's low side.
const HINTED = 32;
const KEYED = 64;
const SRC_IS_LOW = 128;

/** Binds the codec to one `DecodedPacket`, whose address arrays it views as words. */
export class PacketRecord {
  /** Words per record. */
  static readonly words = 52;

  readonly packet: DecodedPacket;
  /** The bound packet's flow key and hash: `write()` stores it, `read()` overwrites it. */
  readonly flow = new FlowHint();
  /** The seed the worker hashed flow keys with (the ring's `Control.hashSeed`). */
  seed = 0;
  /** True when `flow` describes the bound packet: set by `keyFlow()` and by `read()`. */
  hinted = false;
  readonly #src: Int32Array;
  readonly #dst: Int32Array;
  // The MACs as 4 + 2 bytes each, so a record stores both in three words without a byte loop.
  readonly #dstMac: DataView;
  readonly #srcMac: DataView;

  constructor(packet: DecodedPacket = new DecodedPacket()) {
    this.packet = packet;
    this.#src = new Int32Array(packet.src.buffer, packet.src.byteOffset, 4);
    this.#dst = new Int32Array(packet.dst.buffer, packet.dst.byteOffset, 4);
    this.#dstMac = new DataView(packet.dstMac.buffer, packet.dstMac.byteOffset, 6);
    this.#srcMac = new DataView(packet.srcMac.buffer, packet.srcMac.byteOffset, 6);
  }

  /** Copy the bound packet and `flow` (see `keyFlow()`) into `words` at word offset `at`. */
  write(words: Int32Array, at: number): void {
    const p = this.packet;
    const flow = this.flow;
    words[at + W.tsSec] = p.tsSec;
    words[at + W.tsNsec] = p.tsNsec;
    words[at + W.caplen] = p.caplen;
    words[at + W.wireLen] = p.wireLen;
    words[at + W.linkType] = p.linkType;
    words[at + W.etherType] = p.etherType;
    words[at + W.encapsulation] = p.encapsulation;
    words[at + W.vlanCount] = p.vlanCount;
    words[at + W.vlanId] = p.vlanId;
    words[at + W.flags] = (p.hasMac ? HAS_MAC : 0) | (p.truncated ? TRUNCATED : 0) |
      (p.isFragment ? FRAGMENT : 0) | (p.tcpSeq >= 0 ? HAS_SEQ : 0) |
      (p.tcpAck >= 0 ? HAS_ACK : 0) |
      (this.hinted ? HINTED : 0) | (flow.keyed ? KEYED : 0) | (flow.srcIsLow ? SRC_IS_LOW : 0);
    words[at + W.l3] = p.l3;
    words[at + W.addrLen] = p.addrLen;
    const src = this.#src, dst = this.#dst;
    words[at + W.src] = src[0]!;
    words[at + W.src + 1] = src[1]!;
    words[at + W.src + 2] = src[2]!;
    words[at + W.src + 3] = src[3]!;
    words[at + W.dst] = dst[0]!;
    words[at + W.dst + 1] = dst[1]!;
    words[at + W.dst + 2] = dst[2]!;
    words[at + W.dst + 3] = dst[3]!;
    words[at + W.ipProto] = p.ipProto;
    words[at + W.ttl] = p.ttl;
    words[at + W.ipHeaderLen] = p.ipHeaderLen;
    words[at + W.ipTotalLen] = p.ipTotalLen;
    words[at + W.fragOffset] = p.fragOffset;
    words[at + W.arpOp] = p.arpOp;
    words[at + W.l4] = p.l4;
    words[at + W.srcPort] = p.srcPort;
    words[at + W.dstPort] = p.dstPort;
    words[at + W.tcpFlags] = p.tcpFlags;
    words[at + W.tcpSeq] = p.tcpSeq;
    words[at + W.tcpAck] = p.tcpAck;
    words[at + W.tcpWindow] = p.tcpWindow;
    words[at + W.icmpType] = p.icmpType;
    words[at + W.icmpCode] = p.icmpCode;
    words[at + W.payloadLength] = p.payloadLength;
    words[at + W.payloadCaptured] = p.payloadCaptured;
    words[at + W.error] = p.error;
    if (p.hasMac) {
      const dstMac = this.#dstMac, srcMac = this.#srcMac;
      words[at + W.macs] = dstMac.getInt32(0, true);
      words[at + W.macs + 1] = dstMac.getUint16(4, true) | (srcMac.getUint16(0, true) << 16);
      words[at + W.macs + 2] = srcMac.getInt32(2, true);
    }
    if (flow.keyed) {
      words[at + W.flowHash] = flow.hash;
      const key = flow.key;
      for (let i = 0; i < FLOW_KEY_WORDS; i++) words[at + W.flowKey + i] = key[i]!;
    }
  }

  /**
   * Key and hash the bound packet's flow with `seed` for the next `write()` when `wanted`;
   * otherwise that record carries no hint, and its reader keys the flow itself.
   */
  keyFlow(wanted: boolean): void {
    this.hinted = wanted;
    if (wanted) this.flow.compute(this.packet, this.seed);
    else this.flow.keyed = false;
  }

  /** Overwrite the bound packet with the record at word offset `at`. */
  read(words: Int32Array, at: number): DecodedPacket {
    const p = this.packet;
    // tsSec, tcpSeq and tcpAck are unsigned 32-bit values stored in signed words.
    p.tsSec = words[at + W.tsSec]! >>> 0;
    p.tsNsec = words[at + W.tsNsec]!;
    p.caplen = words[at + W.caplen]!;
    p.wireLen = words[at + W.wireLen]!;
    p.linkType = words[at + W.linkType]!;
    p.etherType = words[at + W.etherType]!;
    p.encapsulation = words[at + W.encapsulation]!;
    p.vlanCount = words[at + W.vlanCount]!;
    p.vlanId = words[at + W.vlanId]!;
    const flags = words[at + W.flags]!;
    p.hasMac = (flags & HAS_MAC) !== 0;
    p.truncated = (flags & TRUNCATED) !== 0;
    p.isFragment = (flags & FRAGMENT) !== 0;
    p.l3 = words[at + W.l3]! as L3;
    p.addrLen = words[at + W.addrLen]!;
    const src = this.#src, dst = this.#dst;
    src[0] = words[at + W.src]!;
    src[1] = words[at + W.src + 1]!;
    src[2] = words[at + W.src + 2]!;
    src[3] = words[at + W.src + 3]!;
    dst[0] = words[at + W.dst]!;
    dst[1] = words[at + W.dst + 1]!;
    dst[2] = words[at + W.dst + 2]!;
    dst[3] = words[at + W.dst + 3]!;
    p.ipProto = words[at + W.ipProto]!;
    p.ttl = words[at + W.ttl]!;
    p.ipHeaderLen = words[at + W.ipHeaderLen]!;
    p.ipTotalLen = words[at + W.ipTotalLen]!;
    p.fragOffset = words[at + W.fragOffset]!;
    p.arpOp = words[at + W.arpOp]!;
    p.l4 = words[at + W.l4]! as L4;
    p.srcPort = words[at + W.srcPort]!;
    p.dstPort = words[at + W.dstPort]!;
    p.tcpFlags = words[at + W.tcpFlags]!;
    const seq = words[at + W.tcpSeq]!, ack = words[at + W.tcpAck]!;
    p.tcpSeq = flags & HAS_SEQ ? seq >>> 0 : -1;
    p.tcpAck = flags & HAS_ACK ? ack >>> 0 : -1;
    p.tcpWindow = words[at + W.tcpWindow]!;
    p.icmpType = words[at + W.icmpType]!;
    p.icmpCode = words[at + W.icmpCode]!;
    p.payloadOffset = 0; // an offset into the worker's buffer means nothing here
    p.payloadLength = words[at + W.payloadLength]!;
    p.payloadCaptured = words[at + W.payloadCaptured]!;
    p.error = words[at + W.error]! as DecodeError;
    if (p.hasMac) {
      const dstMac = this.#dstMac, srcMac = this.#srcMac;
      const middle = words[at + W.macs + 1]!;
      dstMac.setInt32(0, words[at + W.macs]!, true);
      dstMac.setUint16(4, middle & 0xffff, true);
      srcMac.setUint16(0, middle >>> 16, true);
      srcMac.setInt32(2, words[at + W.macs + 2]!, true);
    }
    const flow = this.flow;
    this.hinted = (flags & HINTED) !== 0;
    flow.keyed = (flags & KEYED) !== 0;
    if (flow.keyed) {
      flow.seed = this.seed | 0;
      flow.srcIsLow = (flags & SRC_IS_LOW) !== 0;
      flow.hash = words[at + W.flowHash]!;
      const key = flow.key;
      for (let i = 0; i < FLOW_KEY_WORDS; i++) key[i] = words[at + W.flowKey + i]!;
    }
    return p;
  }
}
