/**
 * Bidirectional flows (conversations) with bounded memory: TCP/UDP by 5-tuple, other IP traffic
 * by address pair and protocol.
 *
 * Direction A is the first packet's source. Everything a packet updates (counters, times, TCP
 * state, the rate head) sits in one 128-byte record per flow, so a packet of a known flow costs
 * the slot and key lines of the index plus this record, not one line per field. Two `IdQueue`s
 * order the flows by recency (LRU) and by creation: the idle timeout walks the recency queue
 * from its cold end and the active timeout walks the creation queue from its old end, so expiry
 * only ever touches flows that actually expire; a full table evicts the least recently seen flow.
 * Times for expiry are engine clock milliseconds (packet time for files, elapsed monotonic time
 * live), which never go backwards; `firstMs`/`lastMs` are the packets' own timestamps.
 */

import type { DecodedPacket } from "../capture/decode/packet.ts";
import { BASE_WORDS, FlowChanges } from "./flow_changes.ts";
import type { HostTable } from "./host_table.ts";
import { IdQueue } from "./id_queue.ts";
import { KeyIndex } from "./key_index.ts";
import { FLOW_KEY_WORDS } from "./packet_keys.ts";
import { FlowState, nextTcpState, reopens } from "./tcp_state.ts";
import { RATE_HEAD_WORDS, WindowRates } from "./window_rates.ts";

/**
 * Flows tracked at once: 65,536 is the low end of Linux's default nf_conntrack_max (it scales
 * with RAM), so a host rarely has more live connections to show, and 33x the busiest corpus
 * capture (1,994 conversations). At ~550 bytes per flow (the 128-byte record, 2 x 40 Float32
 * rate slots, 320 bytes of it, the key and index slots, and two queues) it costs ~35 MiB,
 * allocated once.
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
  /**
   * The host table whose counts `foldHosts()` brings up to date from the flows' own counters
   * while `deferHosts` is set (see `FlowChanges`).
   */
  hosts?: HostTable;
}

/** Flow eviction counts by reason. `reopened`: a new SYN on a closed or reset port pair. */
export interface FlowEvictions {
  idle: number;
  active: number;
  capacity: number;
  reopened: number;
}

const IPPROTO_TCP = 6;

// One record per flow: Float64 words at `id * RECORD_WORDS`. 16 words are 128 bytes, two cache
// lines; the rate head (RATE_HEAD_WORDS) goes at RATE_HEAD.
const RECORD_WORDS = 16;
const PACKETS = 0; // + dir; with BYTES, the four words a `FlowChanges` baseline copies
const BYTES = 2; // + dir
const FIRST_MS = 4;
const LAST_MS = 5;
const TOUCHED_AT = 6;
const CREATED_AT = 7;
const RATE_HEAD = 8;
/**
 * An Int32 pair: 1 when direction A's source is the key's low side (else 0), then the flow's
 * `FlowChanges` entry + 1 (0: none, its hosts are up to date).
 */
const A_IS_LOW = RATE_HEAD + RATE_HEAD_WORDS;
/** `FlowState | finBits << 8` (as `nextTcpState()` returns it) `| tcpFlags << 16`. */
const TCP = A_IS_LOW + 1;
const STATE_BITS = 0xffff;
const FLAGS_SHIFT = 16;
/**
 * The host table ids of the low and high side and their generations (`HostTable.generation`),
 * as Int32 pairs in one Float64 word each: they let the engine count both hosts of a known flow
 * without hashing and looking up their keys.
 */
const HOST_REF = TCP + 1; // + side
const INTS_PER_WORD = 2;

export class FlowTable {
  readonly index: KeyIndex;
  readonly idleTimeoutMs: number;
  readonly activeTimeoutMs: number;
  readonly rates: WindowRates;
  readonly #rec: Float64Array;
  /** Int32 view of `#rec`, for the host references. */
  readonly #recInts: Int32Array;
  readonly #recency: IdQueue;
  readonly #age: IdQueue;
  readonly #evictions = new Float64Array(4);
  /** Engine clock ms, from `advanceClock()`. */
  #nowMs = -Infinity;
  #created = 0;
  #createdLast = false;
  readonly #hosts: HostTable | undefined;
  readonly #changes: FlowChanges | undefined;
  /**
   * While true (and a host table was given), `update()` leaves the hosts' counts to
   * `foldHosts()`: the caller must have set both host refs of every flow it updates.
   */
  deferHosts = false;

  constructor(options: FlowTableOptions = {}) {
    const cap = options.capacity ?? FLOW_TABLE_CAP;
    this.idleTimeoutMs = options.idleTimeoutMs ?? FLOW_IDLE_TIMEOUT_MS;
    this.activeTimeoutMs = options.activeTimeoutMs ?? FLOW_ACTIVE_TIMEOUT_MS;
    this.index = new KeyIndex(FLOW_KEY_WORDS, cap);
    this.#rec = new Float64Array(cap * RECORD_WORDS);
    this.#recInts = new Int32Array(this.#rec.buffer);
    this.rates = new WindowRates(cap, this.#rec, RECORD_WORDS, RATE_HEAD);
    this.#recency = new IdQueue(cap);
    this.#age = new IdQueue(cap);
    this.#hosts = options.hosts;
    this.#changes = options.hosts === undefined ? undefined : new FlowChanges(cap);
  }

  /** Live flows. */
  get size(): number {
    return this.index.size;
  }

  /** Flows ever created. */
  get created(): number {
    return this.#created;
  }

  /** True when the last `update()` created its flow (a new key, or a reopened one). */
  get createdLast(): boolean {
    return this.#createdLast;
  }

  /** Packets and bytes of flow `id` in direction `dir` (0: A->B, 1: B->A). */
  packets(id: number, dir: number): number {
    return this.#rec[id * RECORD_WORDS + PACKETS + dir]!;
  }
  bytes(id: number, dir: number): number {
    return this.#rec[id * RECORD_WORDS + BYTES + dir]!;
  }

  /** Timestamps (epoch ms) of the first and last packet of flow `id`. */
  firstMs(id: number): number {
    return this.#rec[id * RECORD_WORDS + FIRST_MS]!;
  }
  lastMs(id: number): number {
    return this.#rec[id * RECORD_WORDS + LAST_MS]!;
  }

  /** True when direction A (the first packet's source) is the low side of the key. */
  aIsLow(id: number): boolean {
    return this.#recInts[(id * RECORD_WORDS + A_IS_LOW) * INTS_PER_WORD] === 1;
  }

  /** OR of every TCP flag seen on flow `id`. */
  tcpFlags(id: number): number {
    return this.#rec[id * RECORD_WORDS + TCP]! >>> FLAGS_SHIFT;
  }

  /** `FlowState` of flow `id`. */
  state(id: number): number {
    return this.#rec[id * RECORD_WORDS + TCP]! & 0xff;
  }

  /** Host table id remembered for the low (0) or high (1) side of flow `id`, or -1. */
  hostId(id: number, side: number): number {
    return this.#recInts[(id * RECORD_WORDS + HOST_REF + side) * INTS_PER_WORD]!;
  }
  /** The host generation remembered with `hostId()`. */
  hostGeneration(id: number, side: number): number {
    return this.#recInts[(id * RECORD_WORDS + HOST_REF + side) * INTS_PER_WORD + 1]!;
  }
  /** Remember the host id and generation of one side of flow `id`. */
  setHost(id: number, side: number, hostId: number, generation: number): void {
    const at = (id * RECORD_WORDS + HOST_REF + side) * INTS_PER_WORD;
    this.#recInts[at] = hostId;
    this.#recInts[at + 1] = generation;
  }

  /**
   * Move the engine clock (ms and whole seconds; never backwards) and close flows idle for
   * longer than the idle timeout or older than the active timeout.
   */
  advanceClock(nowMs: number, nowSec: number): void {
    if (nowMs > this.#nowMs) this.#nowMs = nowMs;
    this.rates.setSecond(nowSec);
    const now = this.#nowMs;
    const rec = this.#rec;
    for (let id = this.#recency.oldest(); id >= 0; id = this.#recency.oldest()) {
      if (!(now - rec[id * RECORD_WORDS + TOUCHED_AT]! > this.idleTimeoutMs)) break;
      this.#evict(id, EvictReason.idle);
    }
    for (let id = this.#age.oldest(); id >= 0; id = this.#age.oldest()) {
      if (!(now - rec[id * RECORD_WORDS + CREATED_AT]! > this.activeTimeoutMs)) break;
      this.#evict(id, EvictReason.active);
    }
  }

  /**
   * Count packet `p` on the flow `key` (from `PacketKeys.buildFlow`); `srcIsLow` tells which
   * side sent it. Times come from `p` and from the clock set by `advanceClock()`: passing
   * doubles as arguments could allocate on every packet. Returns the flow id.
   */
  update(key: Uint32Array, hash: number, srcIsLow: boolean, p: DecodedPacket): number {
    const isTcp = (key[0]! & 0xffff) === IPPROTO_TCP;
    const tcpFlags = isTcp ? p.tcpFlags : -1;
    const tsMs = p.tsSec * 1000 + p.tsNsec / 1e6;
    const rec = this.#rec;
    let id = this.index.find(key, hash);
    if (id >= 0 && isTcp && reopens(rec[id * RECORD_WORDS + TCP]! & 0xff, tcpFlags)) {
      this.#evict(id, EvictReason.reopened);
      id = -1;
    }
    this.#createdLast = id < 0;
    if (id < 0) {
      if (this.index.full) this.#evict(this.#recency.oldest(), EvictReason.capacity);
      id = this.#create(key, hash, srcIsLow, tsMs);
    } else {
      this.#recency.touch(id);
    }
    const r = id * RECORD_WORDS;
    const side = (r + A_IS_LOW) * INTS_PER_WORD;
    const ints = this.#recInts;
    const dir = (srcIsLow ? 1 : 0) === ints[side] ? 0 : 1;
    if (this.deferHosts && ints[side + 1] === 0) this.#join(id, r);
    const wireLen = p.wireLen;
    rec[r + PACKETS + dir] = rec[r + PACKETS + dir]! + 1;
    rec[r + BYTES + dir] = rec[r + BYTES + dir]! + wireLen;
    if (tsMs > rec[r + LAST_MS]!) rec[r + LAST_MS] = tsMs;
    if (tsMs < rec[r + FIRST_MS]!) rec[r + FIRST_MS] = tsMs;
    rec[r + TOUCHED_AT] = this.#nowMs;
    if (tcpFlags >= 0) {
      const t = rec[r + TCP]!;
      const flags = (t >>> FLAGS_SHIFT) | tcpFlags;
      const next = nextTcpState(t & 0xff, (t & STATE_BITS) >>> 8, tcpFlags, dir);
      rec[r + TCP] = (next | (flags << FLAGS_SHIFT)) >>> 0;
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
    return this.#recency.newestFirst();
  }

  #create(key: Uint32Array, hash: number, srcIsLow: boolean, tsMs: number): number {
    const id = this.index.insert(key, hash);
    this.#created++;
    const rec = this.#rec;
    const r = id * RECORD_WORDS;
    rec[r + PACKETS] = 0;
    rec[r + PACKETS + 1] = 0;
    rec[r + BYTES] = 0;
    rec[r + BYTES + 1] = 0;
    rec[r + FIRST_MS] = tsMs;
    rec[r + LAST_MS] = tsMs;
    rec[r + CREATED_AT] = this.#nowMs;
    const side = (r + A_IS_LOW) * INTS_PER_WORD;
    this.#recInts[side] = srcIsLow ? 1 : 0;
    this.#recInts[side + 1] = 0;
    rec[r + TCP] = FlowState.none;
    this.setHost(id, 0, -1, 0);
    this.setHost(id, 1, -1, 0);
    this.rates.reset(id);
    this.#recency.push(id);
    this.#age.push(id);
    return id;
  }

  /**
   * Credit the host table with every flow's traffic since its last fold; the hosts' counts and
   * rates are then exact. Call before reading the host table and before moving its clock.
   */
  foldHosts(): void {
    const changes = this.#changes;
    if (changes === undefined) return;
    for (let i = 0; i < changes.count; i++) this.#fold(i);
    changes.clear();
  }

  /** Add flow `id` (record at `r`) to the changes, with its counters before this packet. */
  #join(id: number, r: number): void {
    const changes = this.#changes!;
    if (changes.count === changes.ids.length) this.foldHosts();
    const i = changes.push(id, this.#rec, r + PACKETS);
    this.#recInts[(r + A_IS_LOW) * INTS_PER_WORD + 1] = i + 1;
  }

  /** Credit the hosts of change entry `i` with its flow's traffic since it joined. */
  #fold(i: number): void {
    const changes = this.#changes!;
    const hosts = this.#hosts!;
    const id = changes.ids[i]!;
    if (id < 0) return;
    changes.ids[i] = -1;
    const rec = this.#rec;
    const ints = this.#recInts;
    const r = id * RECORD_WORDS;
    const side = (r + A_IS_LOW) * INTS_PER_WORD;
    ints[side + 1] = 0;
    const aSide = ints[side] === 1 ? 0 : 1;
    const a = this.hostId(id, aSide);
    const b = this.hostId(id, 1 - aSide);
    const base = changes.base;
    const at = i * BASE_WORDS;
    const abPackets = rec[r + PACKETS]! - base[at]!;
    const baPackets = rec[r + PACKETS + 1]! - base[at + 1]!;
    if (abPackets > 0) {
      const bytes = rec[r + BYTES]! - base[at + 2]!;
      hosts.add(a, 0, abPackets, bytes);
      hosts.add(b, 1, abPackets, bytes);
    }
    if (baPackets > 0) {
      const bytes = rec[r + BYTES + 1]! - base[at + 3]!;
      hosts.add(b, 0, baPackets, bytes);
      hosts.add(a, 1, baPackets, bytes);
    }
  }

  #evict(id: number, reason: EvictReason): void {
    // Its hosts are owed this flow's traffic since the last fold, and its id may be reused.
    const owed = this.#recInts[(id * RECORD_WORDS + A_IS_LOW) * INTS_PER_WORD + 1]!;
    if (owed !== 0) this.#fold(owed - 1);
    this.#evictions[reason] = this.#evictions[reason]! + 1;
    this.#recency.remove(id);
    this.#age.remove(id);
    this.index.remove(id);
  }
}
