/**
 * IPv4 (RFC 791 section 3.2) and IPv6 (RFC 8200 section 4.5) fragment reassembly, for the
 * names that large datagrams carry: DNSSEC answers, padded DNSCrypt queries, tunnelled
 * packets past the tunnel MTU. tshark reassembles and dissects a datagram once, in the frame
 * that completes it; so does the inspector.
 *
 * Bounded in count (`maxDatagrams`), in bytes (each datagram at most `MAX_DATAGRAM_BYTES`,
 * its buffer allocated on first use and reused) and in time (`timeoutSeconds` of packet time).
 * Received bytes are tracked per 8-byte fragment block in a bitmap, so overlapping and
 * duplicated fragments cannot fake completion.
 */
import type { DecodedPacket } from "../decode/packet.ts";
import { L3 } from "../decode/packet.ts";
import { IpProto } from "../decode/ip_protocols.ts";
import { MAX_DATAGRAM_BYTES } from "./limits.ts";

/** Fragment offsets count 8-byte blocks (RFC 791 section 3.1, RFC 8200 section 4.5). */
const BLOCK = 8;
const MAX_BLOCKS = Math.ceil(MAX_DATAGRAM_BYTES / BLOCK);
const BITMAP_BYTES = Math.ceil(MAX_BLOCKS / 8);
/** Source (4 words), destination (4 words), identification, protocol and address length. */
const KEY_WORDS = 10;
const IPV4_MORE_FRAGMENTS = 0x2000;
const IPV6_MORE_FRAGMENTS = 0x0001;
const IPV6_HEADER_LEN = 40;
const IPV6_FRAGMENT_HEADER_LEN = 8;
/** IPv6 extension headers walked to find the Fragment header, as the decoder bounds them. */
const MAX_IPV6_EXT_HEADERS = 8;

/** Protocols worth reassembling: those whose payload can carry a name, or a tunnel. */
function isWanted(proto: number): boolean {
  return proto === IpProto.udp || proto === IpProto.tcp || proto === IpProto.gre ||
    proto === IpProto.ipip || proto === IpProto.ipv6;
}

export class FragmentTable {
  readonly #max: number;
  readonly #timeout: number;
  readonly #keys: Uint32Array;
  readonly #used: Uint8Array;
  readonly #firstSeen: Float64Array;
  /** Datagram payload length once the last fragment is known; -1 before. */
  readonly #total: Int32Array;
  readonly #blocksSet: Int32Array;
  readonly #bitmaps: Uint8Array;
  readonly #buffers: (Uint8Array | null)[];
  readonly #key = new Uint32Array(KEY_WORDS);
  /** Slot of the datagram `add()` last completed, for `release()`. */
  lastSlot = -1;
  /** Protocol of the datagram `add()` last completed. */
  lastProto = -1;
  /** Datagrams given up: evicted while incomplete, or with a fragment past 64 KiB. */
  abandoned = 0;

  constructor(maxDatagrams: number, timeoutSeconds: number) {
    this.#max = maxDatagrams;
    this.#timeout = timeoutSeconds;
    this.#keys = new Uint32Array(maxDatagrams * KEY_WORDS);
    this.#used = new Uint8Array(maxDatagrams);
    this.#firstSeen = new Float64Array(maxDatagrams);
    this.#total = new Int32Array(maxDatagrams);
    this.#blocksSet = new Int32Array(maxDatagrams);
    this.#bitmaps = new Uint8Array(maxDatagrams * BITMAP_BYTES);
    this.#buffers = new Array<Uint8Array | null>(maxDatagrams).fill(null);
  }

  /** Datagrams waiting for fragments. */
  get pending(): number {
    let n = 0;
    for (let i = 0; i < this.#max; i++) n += this.#used[i]!;
    return n;
  }

  /**
   * Add the fragment `p` (captured bytes ending at `end`). Returns the reassembled IP payload
   * when this fragment completes its datagram (then `lastSlot`/`lastProto` describe it and the
   * caller must `release()` it), else null.
   */
  add(p: DecodedPacket, data: DataView, end: number, now: number): DataView | null {
    const ip = p.l3Offset;
    if (ip < 0) return null;
    let id: number;
    let more: boolean;
    let proto: number;
    let start: number;
    if (p.l3 === L3.ipv4) {
      proto = p.ipProto;
      id = data.getUint16(ip + 4);
      more = (data.getUint16(ip + 6) & IPV4_MORE_FRAGMENTS) !== 0;
      start = ip + p.ipHeaderLen;
    } else {
      const frag = ipv6FragmentHeader(data, ip, end);
      if (frag < 0) return null;
      proto = data.getUint8(frag);
      id = data.getUint32(frag + 4);
      more = (data.getUint16(frag + 2) & IPV6_MORE_FRAGMENTS) !== 0;
      start = frag + IPV6_FRAGMENT_HEADER_LEN;
    }
    if (!isWanted(proto)) return null;
    const claimedEnd = ip + p.ipTotalLen;
    // A fragment cut by the snaplen cannot fill its blocks: its datagram is never complete.
    if (claimedEnd > end || start > claimedEnd) return null;
    const offset = p.fragOffset;
    const len = claimedEnd - start;
    if (offset + len > MAX_DATAGRAM_BYTES) return null;
    const slot = this.#slotFor(p, id, proto, now);
    const buf = this.#buffers[slot] ?? new Uint8Array(MAX_DATAGRAM_BYTES);
    this.#buffers[slot] = buf;
    for (let i = 0; i < len; i++) buf[offset + i] = data.getUint8(start + i);
    this.#mark(slot, offset, offset + len);
    if (!more) this.#total[slot] = offset + len;
    const total = this.#total[slot]!;
    if (total < 0 || this.#blocksSet[slot] !== Math.ceil(total / BLOCK)) return null;
    this.lastSlot = slot;
    this.lastProto = proto;
    return new DataView(buf.buffer, 0, total);
  }

  /** Forget a completed datagram (its buffer is kept for the next one). */
  release(slot: number): void {
    this.#used[slot] = 0;
  }

  #mark(slot: number, from: number, to: number): void {
    const bitmaps = this.#bitmaps;
    const base = slot * BITMAP_BYTES;
    let set = this.#blocksSet[slot]!;
    const last = Math.ceil(to / BLOCK);
    for (let b = Math.floor(from / BLOCK); b < last; b++) {
      const at = base + (b >> 3);
      const bit = 1 << (b & 7);
      const byte = bitmaps[at]!;
      if ((byte & bit) === 0) {
        bitmaps[at] = byte | bit;
        set++;
      }
    }
    this.#blocksSet[slot] = set;
  }

  /** The slot of this datagram, started afresh (evicting the oldest) when it has none. */
  #slotFor(p: DecodedPacket, id: number, proto: number, now: number): number {
    const key = this.#key;
    const words = p.addrLen === 16 ? 4 : 1;
    key.fill(0);
    for (let i = 0; i < words; i++) {
      key[i] = readWord(p.src, 4 * i);
      key[4 + i] = readWord(p.dst, 4 * i);
    }
    key[8] = id >>> 0;
    key[9] = (proto << 8) | p.addrLen;
    let free = -1;
    let oldest = 0;
    for (let slot = 0; slot < this.#max; slot++) {
      if (this.#used[slot] === 0 || now - this.#firstSeen[slot]! > this.#timeout) {
        if (this.#used[slot] !== 0) this.#drop(slot);
        if (free < 0) free = slot;
        continue;
      }
      if (this.#sameKey(slot)) return slot;
      if (this.#firstSeen[slot]! < this.#firstSeen[oldest]!) oldest = slot;
    }
    const slot = free >= 0 ? free : oldest;
    if (free < 0) this.#drop(slot);
    this.#used[slot] = 1;
    this.#firstSeen[slot] = now;
    this.#total[slot] = -1;
    this.#blocksSet[slot] = 0;
    this.#bitmaps.fill(0, slot * BITMAP_BYTES, (slot + 1) * BITMAP_BYTES);
    this.#keys.set(key, slot * KEY_WORDS);
    return slot;
  }

  #drop(slot: number): void {
    this.#used[slot] = 0;
    this.abandoned++;
  }

  #sameKey(slot: number): boolean {
    const at = slot * KEY_WORDS;
    for (let i = 0; i < KEY_WORDS; i++) if (this.#keys[at + i] !== this.#key[i]) return false;
    return true;
  }
}

function readWord(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>>
    0;
}

/** Offset of the Fragment header of the IPv6 packet at `ip`, or -1. */
export function ipv6FragmentHeader(data: DataView, ip: number, end: number): number {
  if (end - ip < IPV6_HEADER_LEN) return -1;
  let next = data.getUint8(ip + 6);
  let p = ip + IPV6_HEADER_LEN;
  for (let i = 0; i < MAX_IPV6_EXT_HEADERS; i++) {
    if (next === IpProto.fragment) return p + IPV6_FRAGMENT_HEADER_LEN <= end ? p : -1;
    if (
      next !== IpProto.hopByHop && next !== IpProto.routing &&
      next !== IpProto.destinationOptions
    ) return -1;
    if (end - p < 2) return -1;
    next = data.getUint8(p);
    p += (data.getUint8(p + 1) + 1) * 8;
  }
  return -1;
}
