/**
 * A fixed-size table of TCP flow directions (source address and port to destination address
 * and port), for the few flows that carry names: where the last name-carrying segment ended
 * (to recognise a retransmission, which tshark does not dissect twice) and a reassembly buffer
 * while a first flight is incomplete.
 *
 * Set-associative, like a CPU cache: a direction hashes to one set of `WAYS` slots, and a full
 * set evicts its least recently seen slot. Lookups allocate nothing; buffers come from a pool
 * bounded in bytes, allocated on first need and reused.
 */
import type { DecodedPacket } from "../decode/packet.ts";

/** Slots per set: enough that unrelated flows rarely push each other out. */
export const WAYS = 8;
/** Source (4 words), destination (4 words), the two ports, the address length. */
const KEY_WORDS = 10;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Port counters size: one per TCP port. */
const PORTS = 65536;

export class TcpFlowTable {
  readonly capacity: number;
  readonly #setMask: number;
  readonly #keys: Uint32Array;
  readonly #used: Uint8Array;
  readonly #lastSeen: Float64Array;
  /** Sequence number just past the last segment processed; -1 when none was. */
  readonly nextSeq: Float64Array;
  /** What the buffer is being filled for (a caller's code); 0 when idle. */
  readonly kind: Uint8Array;
  /** Bytes held in the slot's buffer. */
  readonly bufLen: Int32Array;
  /** Bytes still to be skipped in the stream (the rest of an oversized DNS message). */
  readonly skip: Int32Array;
  readonly #buffers: (Uint8Array | null)[];
  readonly #free: Uint8Array[] = [];
  #allocated = 0;
  readonly #maxBuffers: number;
  readonly bufferBytes: number;
  readonly #idleSeconds: number;
  /** Flow directions holding a buffer, counted by source port: a cheap pre-check. */
  readonly #bufferedBySport = new Uint16Array(PORTS);
  readonly #key = new Uint32Array(KEY_WORDS);
  /** Times a buffer was wanted and none was free. */
  overflows = 0;

  constructor(maxFlows: number, bufferBytes: number, maxBufferedBytes: number, idle: number) {
    let sets = 1;
    while (sets * WAYS < maxFlows) sets *= 2;
    this.capacity = sets * WAYS;
    this.#setMask = sets - 1;
    this.#keys = new Uint32Array(this.capacity * KEY_WORDS);
    this.#used = new Uint8Array(this.capacity);
    this.#lastSeen = new Float64Array(this.capacity);
    this.nextSeq = new Float64Array(this.capacity);
    this.kind = new Uint8Array(this.capacity);
    this.bufLen = new Int32Array(this.capacity);
    this.skip = new Int32Array(this.capacity);
    this.#buffers = new Array<Uint8Array | null>(this.capacity).fill(null);
    this.bufferBytes = bufferBytes;
    this.#maxBuffers = Math.max(1, Math.floor(maxBufferedBytes / bufferBytes));
    this.#idleSeconds = idle;
  }

  /** Whether any direction from source port `sport` holds a buffer. */
  hasBuffer(sport: number): boolean {
    return this.#bufferedBySport[sport & 0xffff] !== 0;
  }

  /** The slot of the direction of `p`, or -1. A slot idle too long is freed and not found. */
  find(p: DecodedPacket, now: number): number {
    const base = this.#setOf(p);
    for (let w = 0; w < WAYS; w++) {
      const slot = base + w;
      if (this.#used[slot] === 0 || !this.#sameKey(slot)) continue;
      if (now - this.#lastSeen[slot]! > this.#idleSeconds) {
        this.#clear(slot);
        return -1;
      }
      this.#lastSeen[slot] = now;
      return slot;
    }
    return -1;
  }

  /** The slot of the direction of `p`, made (evicting the set's stalest) if it has none. */
  acquire(p: DecodedPacket, now: number): number {
    const found = this.find(p, now);
    if (found >= 0) return found;
    const base = this.#setOf(p);
    let victim = base;
    for (let w = 0; w < WAYS; w++) {
      const slot = base + w;
      if (this.#used[slot] === 0) {
        victim = slot;
        break;
      }
      if (this.#lastSeen[slot]! < this.#lastSeen[victim]!) victim = slot;
    }
    this.#clear(victim);
    this.#used[victim] = 1;
    this.#lastSeen[victim] = now;
    this.#keys.set(this.#key, victim * KEY_WORDS);
    return victim;
  }

  /** The slot's buffer, taken from the pool if it has none; null when the pool is spent. */
  buffer(slot: number): Uint8Array | null {
    const held = this.#buffers[slot];
    if (held) return held;
    let buf = this.#free.pop();
    if (!buf) {
      if (this.#allocated >= this.#maxBuffers) {
        this.overflows++;
        return null;
      }
      this.#allocated++;
      buf = new Uint8Array(this.bufferBytes);
    }
    this.#buffers[slot] = buf;
    this.#countBuffered(slot, 1);
    return buf;
  }

  /** Return the slot's buffer to the pool and forget what it held. */
  releaseBuffer(slot: number): void {
    this.bufLen[slot] = 0;
    this.kind[slot] = 0;
    const held = this.#buffers[slot];
    if (!held) return;
    this.#buffers[slot] = null;
    this.#free.push(held);
    this.#countBuffered(slot, -1);
  }

  #countBuffered(slot: number, delta: number): void {
    const sport = this.#keys[slot * KEY_WORDS + 8]! >>> 16;
    this.#bufferedBySport[sport] = this.#bufferedBySport[sport]! + delta;
  }

  /** Directions in use (a test and statistics aid: walks the table). */
  get size(): number {
    let n = 0;
    for (let i = 0; i < this.capacity; i++) n += this.#used[i]!;
    return n;
  }

  /** Buffers allocated so far (they are reused, never freed). */
  get buffersAllocated(): number {
    return this.#allocated;
  }

  #clear(slot: number): void {
    this.releaseBuffer(slot);
    this.#used[slot] = 0;
    this.nextSeq[slot] = -1;
    this.skip[slot] = 0;
  }

  /** Fill the scratch key from `p` and return the first slot of its set. */
  #setOf(p: DecodedPacket): number {
    const key = this.#key;
    const src = p.src;
    const dst = p.dst;
    let h = FNV_OFFSET;
    for (let i = 0; i < 4; i++) {
      const s = ((src[4 * i]! << 24) | (src[4 * i + 1]! << 16) | (src[4 * i + 2]! << 8) |
        src[4 * i + 3]!) >>> 0;
      const d = ((dst[4 * i]! << 24) | (dst[4 * i + 1]! << 16) | (dst[4 * i + 2]! << 8) |
        dst[4 * i + 3]!) >>> 0;
      // IPv4 uses only the first word; stale bytes behind it must not split a flow.
      key[i] = i === 0 || p.addrLen === 16 ? s : 0;
      key[4 + i] = i === 0 || p.addrLen === 16 ? d : 0;
    }
    key[8] = ((p.srcPort & 0xffff) << 16 | (p.dstPort & 0xffff)) >>> 0;
    key[9] = p.addrLen;
    for (let i = 0; i < KEY_WORDS; i++) h = Math.imul(h ^ key[i]!, FNV_PRIME);
    // MurmurHash3's finaliser: FNV over whole words leaves the low bits, the set index, weak.
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return (h & this.#setMask) * WAYS;
  }

  #sameKey(slot: number): boolean {
    const keys = this.#keys;
    const key = this.#key;
    const at = slot * KEY_WORDS;
    for (let i = 0; i < KEY_WORDS; i++) if (keys[at + i] !== key[i]) return false;
    return true;
  }
}
