/**
 * The fixed-size record a `DecodedPacket` becomes in the packet ring: the worker writes it, the
 * main thread reads it back into its own `DecodedPacket`. Counters and addresses take a 32-bit
 * word each; the small codes share words at fixed bit positions, most stored plus one so their
 * "absent" -1 packs as 0. The record also carries the packet's `FlowHint` (flow key and hash),
 * which the worker has time to compute and the main thread does not.
 *
 * Every record crosses from the worker's core to the main thread's, and the ring is the
 * process's largest shared buffer, so words count: 38 words (152 bytes), down from one word per
 * field (52). Three fields nothing on the main thread reads are not carried (`NOT_CARRIED`): the
 * reader's packet keeps its initial values for them.
 */
import type { DecodeError, L3, L4 } from "./decode/packet.ts";
import { DecodedPacket } from "./decode/packet.ts";
import { FlowHint } from "./flow_key.ts";
import { FLOW_KEY_WORDS } from "./packet_keys.ts";

/** `DecodedPacket` fields a record leaves out: the statistics never read them. */
export const NOT_CARRIED = ["ttl", "ipHeaderLen", "payloadCaptured"] as const;

/** Word offsets inside a record. Addresses take four words each, MACs three for both. */
const W = {
  tsSec: 0,
  tsNsec: 1,
  caplen: 2,
  wireLen: 3,
  linkType: 4,
  /** l3 (4 bits), l4 (4), addrLen (8), error (8), vlanCount (8). */
  kinds: 5,
  /** The flag bits below, then `encapsulation` from bit `ENCAP_SHIFT`. */
  flags: 6,
  /** etherType + 1 (17 bits), vlanId + 1 (13 bits, a 12-bit VID plus one). */
  etherVlan: 7,
  src: 8,
  dst: 12,
  /** ipProto + 1 (9 bits), arpOp + 1 (17 bits). */
  protoArp: 16,
  /** icmpType + 1 (9 bits), icmpCode + 1 (9), tcpFlags + 1 (10: nine flag bits plus one). */
  icmpTcp: 17,
  /** srcPort (16 bits), dstPort (16); presence in `flags`. */
  ports: 18,
  tcpSeq: 19,
  tcpAck: 20,
  tcpWindow: 21,
  /**
   * fragOffset / 8 (13 bits: offsets count 8-byte units in IPv4 and IPv6), ipTotalLen (17
   * bits: IPv6's 40 + 65,535 fits), which flow export counts as octets (RFC 7012).
   */
  fragLength: 22,
  payloadLength: 23,
  macs: 24, // 24..26: dstMac then srcMac, 12 bytes
  flowHash: 27,
  flowKey: 28, // 28..37
} as const;

/** Words a field takes where it is not one: the addresses, both MACs, the flow key. */
const WIDE_FIELDS: Partial<Record<keyof typeof W, number>> = {
  src: 4,
  dst: 4,
  macs: 3,
  flowKey: FLOW_KEY_WORDS,
};

/**
 * Words per record, derived from the layout: the fields must tile the record with no gap and
 * no overlap, which is checked once at load so that a layout edit cannot silently make two
 * fields share a word (every record written would then corrupt another field).
 */
const RECORD_WORDS = checkedRecordWords();

function checkedRecordWords(): number {
  const fields = (Object.keys(W) as (keyof typeof W)[]).sort((a, b) => W[a] - W[b]);
  let next = 0;
  for (const field of fields) {
    if (W[field] !== next) {
      throw new Error(
        `Cannot lay out packet records: ${field} starts at word ${W[field]}, not ${next}`,
      );
    }
    next += WIDE_FIELDS[field] ?? 1;
  }
  return next;
}

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
// Ports are 16-bit values whose absence (-1) needs a bit of its own.
const HAS_SRC_PORT = 256;
const HAS_DST_PORT = 512;
const ENCAP_SHIFT = 16;

/** Binds the codec to one `DecodedPacket`, whose address arrays it views as words. */
export class PacketRecord {
  /** Words per record (derived from the layout, see `RECORD_WORDS`). */
  static readonly words = RECORD_WORDS;

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
    words[at + W.kinds] = (p.l3 & 0xf) | ((p.l4 & 0xf) << 4) | ((p.addrLen & 0xff) << 8) |
      ((p.error & 0xff) << 16) | ((p.vlanCount & 0xff) << 24);
    words[at + W.flags] = (p.hasMac ? HAS_MAC : 0) | (p.truncated ? TRUNCATED : 0) |
      (p.isFragment ? FRAGMENT : 0) | (p.tcpSeq >= 0 ? HAS_SEQ : 0) |
      (p.tcpAck >= 0 ? HAS_ACK : 0) |
      (this.hinted ? HINTED : 0) | (flow.keyed ? KEYED : 0) | (flow.srcIsLow ? SRC_IS_LOW : 0) |
      (p.srcPort >= 0 ? HAS_SRC_PORT : 0) | (p.dstPort >= 0 ? HAS_DST_PORT : 0) |
      ((p.encapsulation & 0xffff) << ENCAP_SHIFT);
    words[at + W.etherVlan] = ((p.etherType + 1) & 0x1ffff) | (((p.vlanId + 1) & 0x1fff) << 17);
    const src = this.#src, dst = this.#dst;
    words[at + W.src] = src[0]!;
    words[at + W.src + 1] = src[1]!;
    words[at + W.src + 2] = src[2]!;
    words[at + W.src + 3] = src[3]!;
    words[at + W.dst] = dst[0]!;
    words[at + W.dst + 1] = dst[1]!;
    words[at + W.dst + 2] = dst[2]!;
    words[at + W.dst + 3] = dst[3]!;
    words[at + W.protoArp] = ((p.ipProto + 1) & 0x1ff) | (((p.arpOp + 1) & 0x1ffff) << 9);
    words[at + W.icmpTcp] = ((p.icmpType + 1) & 0x1ff) | (((p.icmpCode + 1) & 0x1ff) << 9) |
      (((p.tcpFlags + 1) & 0x3ff) << 18);
    words[at + W.ports] = (p.srcPort & 0xffff) | (p.dstPort << 16);
    words[at + W.tcpSeq] = p.tcpSeq;
    words[at + W.tcpAck] = p.tcpAck;
    words[at + W.tcpWindow] = p.tcpWindow;
    words[at + W.fragLength] = (p.fragOffset >>> 3) | ((p.ipTotalLen & 0x1ffff) << 13);
    words[at + W.payloadLength] = p.payloadLength;
    if (p.hasMac) {
      const dstMac = this.#dstMac, srcMac = this.#srcMac;
      words[at + W.macs] = dstMac.getInt32(0, true);
      words[at + W.macs + 1] = dstMac.getUint16(4, true) | (srcMac.getUint16(0, true) << 16);
      words[at + W.macs + 2] = srcMac.getInt32(2, true);
    }
    // Unrolled: this runs for every packet of a file, and the loop's bounds checks showed.
    if (flow.keyed) {
      words[at + W.flowHash] = flow.hash;
      const k = flow.key, o = at + W.flowKey;
      words[o] = k[0]!;
      words[o + 1] = k[1]!;
      words[o + 2] = k[2]!;
      words[o + 3] = k[3]!;
      words[o + 4] = k[4]!;
      words[o + 5] = k[5]!;
      words[o + 6] = k[6]!;
      words[o + 7] = k[7]!;
      words[o + 8] = k[8]!;
      words[o + 9] = k[9]!;
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
    // Unsigned: libpcap does not check a file's record lengths, and a lying `len` above 2^31
    // must not become a negative byte count.
    p.caplen = words[at + W.caplen]! >>> 0;
    p.wireLen = words[at + W.wireLen]! >>> 0;
    p.linkType = words[at + W.linkType]!;
    const kinds = words[at + W.kinds]!;
    p.l3 = (kinds & 0xf) as L3;
    p.l4 = ((kinds >>> 4) & 0xf) as L4;
    p.addrLen = (kinds >>> 8) & 0xff;
    p.error = ((kinds >>> 16) & 0xff) as DecodeError;
    p.vlanCount = kinds >>> 24;
    const flags = words[at + W.flags]!;
    p.hasMac = (flags & HAS_MAC) !== 0;
    p.truncated = (flags & TRUNCATED) !== 0;
    p.isFragment = (flags & FRAGMENT) !== 0;
    p.encapsulation = flags >>> ENCAP_SHIFT;
    const etherVlan = words[at + W.etherVlan]!;
    p.etherType = (etherVlan & 0x1ffff) - 1;
    p.vlanId = (etherVlan >>> 17) - 1;
    const src = this.#src, dst = this.#dst;
    src[0] = words[at + W.src]!;
    src[1] = words[at + W.src + 1]!;
    src[2] = words[at + W.src + 2]!;
    src[3] = words[at + W.src + 3]!;
    dst[0] = words[at + W.dst]!;
    dst[1] = words[at + W.dst + 1]!;
    dst[2] = words[at + W.dst + 2]!;
    dst[3] = words[at + W.dst + 3]!;
    const protoArp = words[at + W.protoArp]!;
    p.ipProto = (protoArp & 0x1ff) - 1;
    p.arpOp = (protoArp >>> 9) - 1;
    const icmpTcp = words[at + W.icmpTcp]!;
    p.icmpType = (icmpTcp & 0x1ff) - 1;
    p.icmpCode = ((icmpTcp >>> 9) & 0x1ff) - 1;
    p.tcpFlags = (icmpTcp >>> 18) - 1;
    const ports = words[at + W.ports]!;
    p.srcPort = flags & HAS_SRC_PORT ? ports & 0xffff : -1;
    p.dstPort = flags & HAS_DST_PORT ? ports >>> 16 : -1;
    const seq = words[at + W.tcpSeq]!, ack = words[at + W.tcpAck]!;
    p.tcpSeq = flags & HAS_SEQ ? seq >>> 0 : -1;
    p.tcpAck = flags & HAS_ACK ? ack >>> 0 : -1;
    p.tcpWindow = words[at + W.tcpWindow]!;
    const fragLength = words[at + W.fragLength]!;
    p.fragOffset = (fragLength & 0x1fff) << 3;
    p.ipTotalLen = fragLength >>> 13;
    p.payloadOffset = 0; // an offset into the worker's buffer means nothing here
    p.payloadLength = words[at + W.payloadLength]!;
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
