/**
 * Bidirectional flows (conversations) with bounded memory: TCP/UDP by 5-tuple, other IP traffic
 * by address pair and protocol.
 *
 * Direction A is the first packet's source. Every flow sits on two intrusive lists kept in
 * Int32Arrays: recency (LRU) and creation order. The idle timeout walks the recency list from
 * its cold end and the active timeout walks the creation list from its old end, so expiry only
 * ever touches flows that actually expire; a full table evicts the least recently seen flow.
 * Times for expiry are engine clock milliseconds (packet time for files, elapsed monotonic time
 * live), which never go backwards; `firstMs`/`lastMs` are the packets' own timestamps.
 */

import type { DecodedPacket } from "../capture/decode/packet.ts";
import { KeyIndex } from "./key_index.ts";
import { FLOW_KEY_WORDS } from "./packet_keys.ts";
import { FlowState, nextTcpState, reopens } from "./tcp_state.ts";
import { WindowRates } from "./window_rates.ts";

/**
 * Flows tracked at once: 65,536 is the low end of Linux's default nf_conntrack_max (it scales
 * with RAM), so a host rarely has more live connections to show, and 33x the busiest corpus
 * capture (1,994 conversations). At ~480 bytes per flow (key, counters, list links, and 2 x 41
 * Float32 rate slots, 328 bytes of it) it costs ~30 MiB, allocated once.
 */
export const FLOW_TABLE_CAP = 65_536;
/**
 * A flow with no packet for this long is closed: Linux conntrack's UDP stream timeout
 * (nf_conntrack_udp_timeout_stream, 120 s), three times iftop's 40 s window, so a flow leaves
 * the list only after its rates have read zero for over a minute.
 */
export const FLOW_IDLE_TIMEOUT_MS = 120_000;
/**
 * A flow older than this is closed and restarted on its next packet, so long-lived flows report
 * recent traffic: the 30-minute default active timeout of NetFlow/IPFIX exporters (RFC 5470 5.1.1).
 */
export const FLOW_ACTIVE_TIMEOUT_MS = 1_800_000;

/** Why flows left the table. */
export const EvictReason = { idle: 0, active: 1, capacity: 2, reopened: 3 } as const;
export type EvictReason = typeof EvictReason[keyof typeof EvictReason];

export interface FlowTableOptions {
  capacity?: number;
  idleTimeoutMs?: number;
  activeTimeoutMs?: number;
}

/** Flow eviction counts by reason. `reopened`: a new SYN on a closed or reset port pair. */
export interface FlowEvictions {
  idle: number;
  active: number;
  capacity: number;
  reopened: number;
}

const NIL = -1;
const TCP = 6;

export class FlowTable {
  readonly index: KeyIndex;
  readonly idleTimeoutMs: number;
  readonly activeTimeoutMs: number;
  /** 1 when direction A (the first packet's source) is the low side of the key. */
  readonly aIsLow: Uint8Array;
  /** Packets and bytes per direction: `[id * 2]` A->B, `[id * 2 + 1]` B->A. */
  readonly packets: Float64Array;
  readonly bytes: Float64Array;
  /** Timestamps (epoch ms) of the first and last packet. */
  readonly firstMs: Float64Array;
  readonly lastMs: Float64Array;
  /** OR of every TCP flag seen. */
  readonly tcpFlags: Uint16Array;
  /** `FlowState` values and FIN-seen bits. */
  readonly state: Uint8Array;
  readonly #finBits: Uint8Array;
  readonly rates: WindowRates;
  /** Engine-clock ms of creation and of the last packet, for the timeouts. */
  readonly #createdAt: Float64Array;
  readonly #touchedAt: Float64Array;
  // Recency list: #hot is the most recent flow, #cold the least recent.
  readonly #lruPrev: Int32Array;
  readonly #lruNext: Int32Array;
  #hot = NIL;
  #cold = NIL;
  // Creation list: #newest and #oldest.
  readonly #agePrev: Int32Array;
  readonly #ageNext: Int32Array;
  #newest = NIL;
  #oldest = NIL;
  readonly #evictions = new Float64Array(4);
  /** Engine clock ms, from `advanceClock()`. */
  #nowMs = -Infinity;
  #created = 0;

  constructor(options: FlowTableOptions = {}) {
    const cap = options.capacity ?? FLOW_TABLE_CAP;
    this.idleTimeoutMs = options.idleTimeoutMs ?? FLOW_IDLE_TIMEOUT_MS;
    this.activeTimeoutMs = options.activeTimeoutMs ?? FLOW_ACTIVE_TIMEOUT_MS;
    this.index = new KeyIndex(FLOW_KEY_WORDS, cap);
    this.aIsLow = new Uint8Array(cap);
    this.packets = new Float64Array(cap * 2);
    this.bytes = new Float64Array(cap * 2);
    this.firstMs = new Float64Array(cap);
    this.lastMs = new Float64Array(cap);
    this.tcpFlags = new Uint16Array(cap);
    this.state = new Uint8Array(cap);
    this.#finBits = new Uint8Array(cap);
    this.rates = new WindowRates(cap);
    this.#createdAt = new Float64Array(cap);
    this.#touchedAt = new Float64Array(cap);
    this.#lruPrev = new Int32Array(cap);
    this.#lruNext = new Int32Array(cap);
    this.#agePrev = new Int32Array(cap);
    this.#ageNext = new Int32Array(cap);
  }

  /** Live flows. */
  get size(): number {
    return this.index.size;
  }

  /** Flows ever created. */
  get created(): number {
    return this.#created;
  }

  /**
   * Move the engine clock (ms and whole seconds; never backwards) and close flows idle for
   * longer than the idle timeout or older than the active timeout.
   */
  advanceClock(nowMs: number, nowSec: number): void {
    if (nowMs > this.#nowMs) this.#nowMs = nowMs;
    this.rates.setSecond(nowSec);
    const now = this.#nowMs;
    while (this.#cold !== NIL && now - this.#touchedAt[this.#cold]! > this.idleTimeoutMs) {
      this.#evict(this.#cold, EvictReason.idle);
    }
    while (this.#oldest !== NIL && now - this.#createdAt[this.#oldest]! > this.activeTimeoutMs) {
      this.#evict(this.#oldest, EvictReason.active);
    }
  }

  /**
   * Count packet `p` on the flow `key` (from `PacketKeys.buildFlow`); `srcIsLow` tells which
   * side sent it. Times come from `p` and from the clock set by `advanceClock()`: passing
   * doubles as arguments could allocate on every packet. Returns the flow id.
   */
  update(key: Uint32Array, hash: number, srcIsLow: boolean, p: DecodedPacket): number {
    const isTcp = (key[0]! & 0xffff) === TCP;
    const tcpFlags = isTcp ? p.tcpFlags : -1;
    const tsMs = p.tsSec * 1000 + p.tsNsec / 1e6;
    let id = this.index.find(key, hash);
    if (id >= 0 && isTcp && reopens(this.state[id]!, tcpFlags)) {
      this.#evict(id, EvictReason.reopened);
      id = -1;
    }
    if (id < 0) {
      if (this.index.full) this.#evict(this.#cold, EvictReason.capacity);
      id = this.#create(key, hash, srcIsLow, tsMs);
    } else {
      this.#unlinkLru(id);
      this.#pushLru(id);
    }
    const dir = (srcIsLow ? 1 : 0) === this.aIsLow[id] ? 0 : 1;
    const at = id * 2 + dir;
    const wireLen = p.wireLen;
    this.packets[at] = this.packets[at]! + 1;
    this.bytes[at] = this.bytes[at]! + wireLen;
    if (tsMs > this.lastMs[id]!) this.lastMs[id] = tsMs;
    if (tsMs < this.firstMs[id]!) this.firstMs[id] = tsMs;
    this.#touchedAt[id] = this.#nowMs;
    if (tcpFlags >= 0) {
      this.tcpFlags[id] = this.tcpFlags[id]! | tcpFlags;
      const next = nextTcpState(this.state[id]!, this.#finBits[id]!, tcpFlags, dir);
      this.state[id] = next & 0xff;
      this.#finBits[id] = next >>> 8;
    }
    this.rates.add(id, dir, wireLen);
    return id;
  }

  /** Evictions so far, by reason. */
  evictions(): FlowEvictions {
    const e = this.#evictions;
    return { idle: e[0]!, active: e[1]!, capacity: e[2]!, reopened: e[3]! };
  }

  /** Live flow ids, most recently seen first. */
  liveIds(): number[] {
    const out: number[] = [];
    for (let id = this.#hot; id !== NIL; id = this.#lruNext[id]!) out.push(id);
    return out;
  }

  #create(key: Uint32Array, hash: number, srcIsLow: boolean, tsMs: number): number {
    const id = this.index.insert(key, hash);
    this.#created++;
    this.aIsLow[id] = srcIsLow ? 1 : 0;
    this.packets[id * 2] = 0;
    this.packets[id * 2 + 1] = 0;
    this.bytes[id * 2] = 0;
    this.bytes[id * 2 + 1] = 0;
    this.firstMs[id] = tsMs;
    this.lastMs[id] = tsMs;
    this.tcpFlags[id] = 0;
    this.state[id] = FlowState.none;
    this.#finBits[id] = 0;
    this.rates.reset(id);
    this.#createdAt[id] = this.#nowMs;
    this.#pushLru(id);
    this.#agePrev[id] = NIL;
    this.#ageNext[id] = this.#newest;
    if (this.#newest !== NIL) this.#agePrev[this.#newest] = id;
    this.#newest = id;
    if (this.#oldest === NIL) this.#oldest = id;
    return id;
  }

  #evict(id: number, reason: EvictReason): void {
    this.#evictions[reason] = this.#evictions[reason]! + 1;
    this.#unlinkLru(id);
    const prev = this.#agePrev[id]!;
    const next = this.#ageNext[id]!;
    if (prev !== NIL) this.#ageNext[prev] = next;
    else this.#newest = next;
    if (next !== NIL) this.#agePrev[next] = prev;
    else this.#oldest = prev;
    this.index.remove(id);
  }

  #pushLru(id: number): void {
    this.#lruPrev[id] = NIL;
    this.#lruNext[id] = this.#hot;
    if (this.#hot !== NIL) this.#lruPrev[this.#hot] = id;
    this.#hot = id;
    if (this.#cold === NIL) this.#cold = id;
  }

  #unlinkLru(id: number): void {
    const prev = this.#lruPrev[id]!;
    const next = this.#lruNext[id]!;
    if (prev !== NIL) this.#lruNext[prev] = next;
    else this.#hot = next;
    if (next !== NIL) this.#lruPrev[next] = prev;
    else this.#cold = prev;
  }
}
