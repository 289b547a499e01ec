/**
 * A packet's flow key and its hash, worked out ahead of `StatsEngine.ingest()`: the capture
 * worker, which waits for ring space most of the time, keys and hashes every packet, so the main
 * thread, which is the pipeline's bottleneck, does neither. The key is seed-independent; the
 * hash is only used when it was made with the engine's own seed (`StatsOptions.hashSeed`), so a
 * hint from a capture started with another seed costs a rehash, never a wrong lookup.
 *
 * The worker keys every packet of a file, so `compute()` is written for speed: it reads the
 * address words straight from the packet (no host keys in between) and writes the key without
 * loops, then hashes it with `hashWords()`. The key it stores and the hash it returns are those
 * of `PacketKeys.buildFlow()` and `hashWords()`, which the engine uses for unhinted packets: a
 * flow must find the same table slot whichever of the two keyed it (asserted in the tests).
 */

import type { DecodedPacket } from "./decode/packet.ts";
import { L3, L4 } from "./decode/packet.ts";
import { hashWords } from "./key_hash.ts";
import { FLOW_KEY_WORDS, TAG_HAS_PORTS } from "./packet_keys.ts";

// Flips the sign bit: signed comparison of flipped words orders them as unsigned words.
const SIGN = 0x80000000 | 0;

export class FlowHint {
  /** False when the packet has no flow (not IPv4/IPv6, or no addresses captured). */
  keyed = false;
  /** The flow key, word for word as `PacketKeys.buildFlow()` makes it. */
  readonly key = new Uint32Array(FLOW_KEY_WORDS);
  /** `hashWords(key, FLOW_KEY_WORDS, seed)`. */
  hash = 0;
  /** Seed of `hash`, as a signed 32-bit value. */
  seed = 0;
  /** True when the packet's source is the low side of `key`. */
  srcIsLow = true;

  // Big-endian views over the reused packet's addresses, rebuilt only when a different packet
  // object arrives (the pipeline passes the same one every time).
  #packet: DecodedPacket | null = null;
  #src = new DataView(new ArrayBuffer(16));
  #dst = new DataView(new ArrayBuffer(16));

  /** Key and hash packet `p` with `seed`, as the engine would. */
  compute(p: DecodedPacket, seed: number): void {
    this.seed = seed | 0;
    const l3 = p.l3;
    const len = p.addrLen;
    if ((l3 !== L3.ipv4 && l3 !== L3.ipv6) || (len !== 4 && len !== 16)) {
      this.keyed = false;
      return;
    }
    if (this.#packet !== p) {
      this.#packet = p;
      this.#src = new DataView(p.src.buffer, p.src.byteOffset, 16);
      this.#dst = new DataView(p.dst.buffer, p.dst.byteOffset, 16);
    }
    const withPorts = hasFlowPorts(p);
    const sp = withPorts ? p.srcPort : 0;
    const dp = withPorts ? p.dstPort : 0;
    const tag = (withPorts ? TAG_HAS_PORTS : 0) | (len << 16) | (p.ipProto & 0xffff);
    // Only small integers and objects cross these calls: a 32-bit word passed to or returned
    // from a call V8 does not inline is boxed in a heap number (see capture/key_hash.ts).
    if (len === 4) this.#key4(tag, sp, dp);
    else this.#key6(tag, sp, dp);
    this.hash = hashWords(this.key, FLOW_KEY_WORDS, seed);
    this.keyed = true;
  }

  /** An IPv4 flow: one address word per side, the other three stay zero. */
  #key4(tag: number, sp: number, dp: number): void {
    const s = this.#src.getInt32(0), d = this.#dst.getInt32(0);
    const srcIsLow = s === d ? sp <= dp : (s ^ SIGN) < (d ^ SIGN);
    const k = this.key;
    k[0] = tag;
    k[1] = srcIsLow ? s : d;
    k[2] = 0;
    k[3] = 0;
    k[4] = 0;
    k[5] = srcIsLow ? d : s;
    k[6] = 0;
    k[7] = 0;
    k[8] = 0;
    k[9] = srcIsLow ? (sp << 16) | dp : (dp << 16) | sp;
    this.srcIsLow = srcIsLow;
  }

  /** An IPv6 flow: sides ordered by their first differing word, then by port. */
  #key6(tag: number, sp: number, dp: number): void {
    const src = this.#src, dst = this.#dst;
    const s0 = src.getInt32(0), s1 = src.getInt32(4), s2 = src.getInt32(8), s3 = src.getInt32(12);
    const d0 = dst.getInt32(0), d1 = dst.getInt32(4), d2 = dst.getInt32(8), d3 = dst.getInt32(12);
    const srcIsLow = s0 !== d0
      ? (s0 ^ SIGN) < (d0 ^ SIGN)
      : s1 !== d1
      ? (s1 ^ SIGN) < (d1 ^ SIGN)
      : s2 !== d2
      ? (s2 ^ SIGN) < (d2 ^ SIGN)
      : s3 !== d3
      ? (s3 ^ SIGN) < (d3 ^ SIGN)
      : sp <= dp;
    const k = this.key;
    k[0] = tag;
    k[1] = srcIsLow ? s0 : d0;
    k[2] = srcIsLow ? s1 : d1;
    k[3] = srcIsLow ? s2 : d2;
    k[4] = srcIsLow ? s3 : d3;
    k[5] = srcIsLow ? d0 : s0;
    k[6] = srcIsLow ? d1 : s1;
    k[7] = srcIsLow ? d2 : s2;
    k[8] = srcIsLow ? d3 : s3;
    k[9] = srcIsLow ? (sp << 16) | dp : (dp << 16) | sp;
    this.srcIsLow = srcIsLow;
  }
}

/** True when a packet's flow is keyed by its ports: TCP or UDP with both ports captured. */
export function hasFlowPorts(p: DecodedPacket): boolean {
  const l4 = p.l4;
  return (l4 === L4.tcp || l4 === L4.udp) && p.srcPort >= 0 && p.dstPort >= 0;
}
