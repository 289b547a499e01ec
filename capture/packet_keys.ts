/**
 * Binary host and flow keys read straight from a `DecodedPacket`, without strings or objects.
 *
 * A host key is `[family, a0, a1, a2, a3]`: the address as big-endian 32-bit words (an IPv4 host
 * is the single number `a0`). A flow key is `[tag, low address x4, high address x4, ports]`,
 * where low/high orders the two endpoints so both directions of a conversation share one key,
 * the unordered {(src, sport), (dst, dport)} pair that tshark's conversation tables count.
 */

import type { DecodedPacket } from "./decode/packet.ts";

/** Words in a host key: the family, then four address words. */
export const HOST_KEY_WORDS = 5;
/** Words in a flow key: tag, two addresses of four words, then both ports. */
export const FLOW_KEY_WORDS = 10;

/** Bit in the flow key's tag word: the key carries ports (TCP/UDP with both ports captured). */
export const TAG_HAS_PORTS = 1 << 24;
const ADDR_WORDS = 4;

export class PacketKeys {
  /** Source host key of the last `load()`. */
  readonly srcHost = new Uint32Array(HOST_KEY_WORDS);
  /** Destination host key of the last `load()`. */
  readonly dstHost = new Uint32Array(HOST_KEY_WORDS);
  /** Flow key of the last `buildFlow()`. */
  readonly flow = new Uint32Array(FLOW_KEY_WORDS);
  /** True when the packet's source endpoint is the low side of `flow`. */
  srcIsLow = true;
  /** 4 or 16 after a successful `load()`. */
  family = 0;

  // Views over the reused packet's address buffers, rebuilt only when a different packet object
  // arrives (the pipeline passes the same one every time), so reading words allocates nothing.
  #packet: DecodedPacket | null = null;
  #srcView = new DataView(new ArrayBuffer(16));
  #dstView = new DataView(new ArrayBuffer(16));

  /** Read both addresses of an IP packet. False when it carries none (`addrLen` not 4 or 16). */
  load(p: DecodedPacket): boolean {
    const len = p.addrLen;
    if (len !== 4 && len !== 16) return false;
    if (this.#packet !== p) {
      this.#packet = p;
      this.#srcView = new DataView(p.src.buffer, p.src.byteOffset, 16);
      this.#dstView = new DataView(p.dst.buffer, p.dst.byteOffset, 16);
    }
    this.family = len;
    const words = len >>> 2;
    const s = this.srcHost;
    const d = this.dstHost;
    s[0] = len;
    d[0] = len;
    for (let i = 0; i < ADDR_WORDS; i++) {
      s[i + 1] = i < words ? this.#srcView.getUint32(i * 4) : 0;
      d[i + 1] = i < words ? this.#dstView.getUint32(i * 4) : 0;
    }
    return true;
  }

  /**
   * Build the flow key of the loaded packet. `withPorts` puts both ports in (TCP/UDP with
   * ports); otherwise the key is the address pair and the protocol only.
   */
  buildFlow(ipProto: number, withPorts: boolean, srcPort: number, dstPort: number): void {
    const s = this.srcHost;
    const d = this.dstHost;
    const sp = withPorts ? srcPort : 0;
    const dp = withPorts ? dstPort : 0;
    // Order the endpoints by address words, then port, so A->B and B->A give the same key.
    let cmp = 0;
    for (let i = 1; i <= ADDR_WORDS && cmp === 0; i++) cmp = s[i]! - d[i]!;
    if (cmp === 0) cmp = sp - dp;
    const srcIsLow = cmp <= 0;
    this.srcIsLow = srcIsLow;
    const f = this.flow;
    f[0] = (withPorts ? TAG_HAS_PORTS : 0) | (this.family << 16) | (ipProto & 0xffff);
    const lo = srcIsLow ? s : d;
    const hi = srcIsLow ? d : s;
    for (let i = 0; i < ADDR_WORDS; i++) {
      f[1 + i] = lo[1 + i]!;
      f[1 + ADDR_WORDS + i] = hi[1 + i]!;
    }
    f[9] = srcIsLow ? ((sp << 16) | dp) >>> 0 : ((dp << 16) | sp) >>> 0;
  }
}

/** Address family (4 or 16) of a flow key. */
export function flowKeyFamily(keys: Uint32Array, base: number): number {
  return (keys[base]! >>> 16) & 0xff;
}

/** IP protocol number of a flow key (-1 when the packet announced none). */
export function flowKeyProto(keys: Uint32Array, base: number): number {
  const p = keys[base]! & 0xffff;
  return p === 0xffff ? -1 : p;
}

/** True when the flow key carries ports. */
export function flowKeyHasPorts(keys: Uint32Array, base: number): boolean {
  return (keys[base]! & TAG_HAS_PORTS) !== 0;
}

/** Port of side 0 (low) or 1 (high) of a flow key that carries ports. */
export function flowKeyPort(keys: Uint32Array, base: number, side: 0 | 1): number {
  const w = keys[base + 9]!;
  return side === 0 ? w >>> 16 : w & 0xffff;
}

/** Copy the address of side 0 (low) or 1 (high) of a flow key into `out` as 4 or 16 bytes. */
export function flowKeyAddress(keys: Uint32Array, base: number, side: 0 | 1, out: Uint8Array) {
  const start = base + 1 + side * ADDR_WORDS;
  wordsToBytes(keys, start, out);
}

/** Copy the address of a host key (at `base`) into `out` as 4 or 16 bytes. */
export function hostKeyAddress(keys: Uint32Array, base: number, out: Uint8Array): void {
  wordsToBytes(keys, base + 1, out);
}

function wordsToBytes(words: Uint32Array, start: number, out: Uint8Array): void {
  for (let i = 0; i < out.length; i += 4) {
    const w = words[start + (i >>> 2)]!;
    out[i] = w >>> 24;
    out[i + 1] = (w >>> 16) & 0xff;
    out[i + 2] = (w >>> 8) & 0xff;
    out[i + 3] = w & 0xff;
  }
}
