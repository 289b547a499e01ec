/**
 * Bidirectional flows (conversations) with bounded memory: TCP/UDP by 5-tuple, other IP traffic
 * by address pair and protocol.
 *
 * Direction A is the first packet's source. A packet of a known flow touches the index slot and
 * the flow's two-line hot record, which holds its key too (see `flow_record.ts`); nothing else
 * unless it is the flow's first packet in a clock period (a call of `advanceClock()` with a new
 * second: once per second in the engine).
 *
 * Two `IdQueue`s order the flows by recency and by creation. The recency queue moves a flow to
 * its newest end only on that first packet of a period, and remembers when (`QUEUED_AT`), so it
 * is ordered by the start of each flow's latest active period, and a flow's own last packet
 * (`TOUCHED_AT`) is never earlier than its place. The idle timeout walks it from the old end:
 * a flow idle past the timeout is closed; one that is not but whose place is older than the
 * timeout (it had later packets in the same period) is stepped over; the walk stops at the
 * first place inside the timeout, behind which no flow can be idle. Expiry stays exact to the
 * millisecond and only touches flows near expiry. A full table evicts the flow at the old end:
 * the least recently active one at period (second) resolution, ties going to the flow whose
 * first packet in that second came first. Exact LRU, ordered by each flow's last packet, moved
 * the flow on every packet at two random cache lines each; on the 1M-packet benchmark (101k
 * flows over the cap) the coarser order keeps 97% of the same top-1000 flows by bytes. The
 * active timeout walks the creation queue from its old end.
 * Times for expiry are engine clock milliseconds (packet time for files, elapsed monotonic time
 * live), which never go backwards; `firstMs`/`lastMs` are the packets' own timestamps.
 */

import type { DecodedPacket } from "../capture/decode/packet.ts";
import { FlowChanges } from "./flow_changes.ts";
import {
  A_IS_LOW,
  BYTES,
  CHANGES_REF_INT,
  COLD_WORDS,
  FIRST_MS,
  FLAGS_MASK,
  FLAGS_SHIFT,
  FlowRecords,
  HOT_INTS,
  HOT_WORDS,
  INTS_PER_WORD,
  LAST_MS,
  PACKETS,
  QUEUED_AT,
  RATE_HEAD,
  STATE_BITS,
  TCP_SIDE,
  TOUCHED_AT,
} from "./flow_record.ts";
import type { HostTable } from "./host_table.ts";
import { IdQueue } from "./id_queue.ts";
import { KeyIndex } from "./key_index.ts";
import { FLOW_KEY_WORDS } from "../capture/packet_keys.ts";
import { FlowState, nextTcpState, reopens } from "./tcp_state.ts";
import { WindowRates } from "./window_rates.ts";

/**
 * Flows tracked at once: 65,536 is the low end of Linux's default nf_conntrack_max (it scales
 * with RAM), so a host rarely has more live connections to show, and 33x the busiest corpus
 * capture (1,994 conversations). At ~550 bytes per flow (the 128-byte hot record with the key,
 * the 32-byte cold one, 2 x 40 Float32 rate slots, 320 bytes of it, the index slots, and two
 * queues) it costs ~35 MiB, allocated once.
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

export class FlowTable extends FlowRecords {
  readonly index: KeyIndex;
  readonly idleTimeoutMs: number;
  readonly activeTimeoutMs: number;
  readonly rates: WindowRates;
  /** Engine clock ms of each flow's creation, for the active timeout. */
  readonly #createdAt: Float64Array;
  readonly #recency: IdQueue;
  readonly #age: IdQueue;
  readonly #evictions = new Float64Array(4);
  /** Engine clock ms, from `advanceClock()`. */
  #nowMs = -Infinity;
  /** The clock second of the current period, and the clock ms when it began. */
  #periodSec = -Infinity;
  #periodStartMs = -Infinity;
  #created = 0;
  #createdLast = false;
  #hostsDue = true;
  readonly #hosts: HostTable | undefined;
  readonly #changes: FlowChanges | undefined;
  /**
   * While true (and a host table was given), `update()` leaves the hosts' counts to
   * `foldHosts()`: the caller must have set both host refs of every flow it updates while
   * `hostsDue` says so.
   */
  deferHosts = false;
  /**
   * Told of every flow about to leave the table (timeout, eviction, reopening), while its
   * record can still be read: the id is reused as soon as this returns.
   */
  onEvict: ((id: number, reason: EvictReason) => void) | undefined = undefined;

  constructor(options: FlowTableOptions = {}) {
    const cap = options.capacity ?? FLOW_TABLE_CAP;
    super(cap);
    this.idleTimeoutMs = options.idleTimeoutMs ?? FLOW_IDLE_TIMEOUT_MS;
    this.activeTimeoutMs = options.activeTimeoutMs ?? FLOW_ACTIVE_TIMEOUT_MS;
    this.index = new KeyIndex(FLOW_KEY_WORDS, cap, this.keyWords, HOT_INTS);
    this.#createdAt = new Float64Array(cap);
    this.rates = new WindowRates(cap, this.rec, HOT_WORDS, RATE_HEAD);
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

  /**
   * True when the caller must make sure the flow of the last `update()` knows its hosts (and,
   * unless `deferHosts`, count them): always while hosts are not deferred, else only on the
   * flow's first packet since its hosts were last credited. No host can be evicted while
   * hosts are deferred, so host references checked then stay valid until the next fold.
   */
  get hostsDue(): boolean {
    return this.#hostsDue;
  }

  /**
   * Move the engine clock (ms and whole seconds; never backwards) and close flows idle for
   * longer than the idle timeout or older than the active timeout. A new second starts a new
   * recency period.
   */
  advanceClock(nowMs: number, nowSec: number): void {
    if (nowMs > this.#nowMs) this.#nowMs = nowMs;
    if (nowSec > this.#periodSec) {
      this.#periodSec = nowSec;
      this.#periodStartMs = this.#nowMs;
    }
    this.rates.setSecond(nowSec);
    const now = this.#nowMs;
    const rec = this.rec;
    const recency = this.#recency;
    const idle = this.idleTimeoutMs;
    for (let id = recency.oldest(); id >= 0;) {
      const next = recency.newer(id);
      if (now - rec[id * HOT_WORDS + TOUCHED_AT]! > idle) this.#evict(id, EvictReason.idle);
      else if (!(now - this.cold[id * COLD_WORDS + QUEUED_AT]! > idle)) break;
      id = next;
    }
    for (let id = this.#age.oldest(); id >= 0; id = this.#age.oldest()) {
      if (!(now - this.#createdAt[id]! > this.activeTimeoutMs)) break;
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
    const rec = this.rec;
    const ints = this.ints;
    const now = this.#nowMs;
    let id = this.index.find(key, hash);
    if (id >= 0 && isTcp && reopens(this.tcpWord(id) & 0xff, tcpFlags)) {
      this.#evict(id, EvictReason.reopened);
      id = -1;
    }
    this.#createdLast = id < 0;
    if (id < 0) {
      if (this.index.full) this.#evict(this.#recency.oldest(), EvictReason.capacity);
      id = this.#create(key, hash, srcIsLow, tsMs);
    } else if (rec[id * HOT_WORDS + TOUCHED_AT]! < this.#periodStartMs) {
      // The flow's first packet in this period: it takes its place as the newest.
      this.#recency.touch(id);
      this.cold[id * COLD_WORDS + QUEUED_AT] = now;
    }
    const r = id * HOT_WORDS;
    const tcpAt = (r + TCP_SIDE) * INTS_PER_WORD;
    const t = ints[tcpAt]!;
    const dir = (srcIsLow ? A_IS_LOW : 0) === (t & A_IS_LOW) ? 0 : 1;
    const join = this.deferHosts && ints[tcpAt + 1] === 0;
    if (join) this.#join(id, r);
    this.#hostsDue = join || !this.deferHosts;
    const wireLen = p.wireLen;
    rec[r + PACKETS + dir] = rec[r + PACKETS + dir]! + 1;
    rec[r + BYTES + dir] = rec[r + BYTES + dir]! + wireLen;
    // The first timestamp is at most the last, so only a packet older than the last can be
    // older than the first.
    if (tsMs > rec[r + LAST_MS]!) rec[r + LAST_MS] = tsMs;
    else if (tsMs < this.cold[id * COLD_WORDS + FIRST_MS]!) {
      this.cold[id * COLD_WORDS + FIRST_MS] = tsMs;
    }
    rec[r + TOUCHED_AT] = now;
    if (tcpFlags >= 0) {
      const flags = ((t >>> FLAGS_SHIFT) & FLAGS_MASK) | tcpFlags;
      const next = nextTcpState(t & 0xff, (t & STATE_BITS) >>> 8, tcpFlags, dir);
      ints[tcpAt] = next | (flags << FLAGS_SHIFT) | (t & A_IS_LOW);
    }
    this.rates.add(id, dir, wireLen);
    return id;
  }

  /**
   * Count a flow record (a collector's: `packets` packets of `bytes` bytes from the `srcIsLow`
   * side, between `firstMs` and `lastMs`, TCP flags ORed) on the flow `key`. Not the packet
   * path: `update()` is. The flags join the flow's but move no TCP state (they are a summary,
   * not a sequence). Hosts are never deferred here: the caller counts them (`hostsDue`).
   * Returns the flow id.
   */
  updateRecord(
    key: Uint32Array,
    hash: number,
    srcIsLow: boolean,
    record: { packets: number; bytes: number; firstMs: number; lastMs: number; tcpFlags: number },
  ): number {
    if (this.deferHosts) {
      this.foldHosts();
      this.deferHosts = false;
    }
    let id = this.index.find(key, hash);
    this.#createdLast = id < 0;
    if (id < 0) {
      if (this.index.full) this.#evict(this.#recency.oldest(), EvictReason.capacity);
      id = this.#create(key, hash, srcIsLow, record.firstMs);
    } else if (this.rec[id * HOT_WORDS + TOUCHED_AT]! < this.#periodStartMs) {
      this.#recency.touch(id);
      this.cold[id * COLD_WORDS + QUEUED_AT] = this.#nowMs;
    }
    this.#hostsDue = true;
    const rec = this.rec;
    const r = id * HOT_WORDS;
    const tcpAt = (r + TCP_SIDE) * INTS_PER_WORD;
    const t = this.ints[tcpAt]!;
    const dir = (srcIsLow ? A_IS_LOW : 0) === (t & A_IS_LOW) ? 0 : 1;
    rec[r + PACKETS + dir] = rec[r + PACKETS + dir]! + record.packets;
    rec[r + BYTES + dir] = rec[r + BYTES + dir]! + record.bytes;
    if (record.lastMs > rec[r + LAST_MS]!) rec[r + LAST_MS] = record.lastMs;
    if (record.firstMs < this.cold[id * COLD_WORDS + FIRST_MS]!) {
      this.cold[id * COLD_WORDS + FIRST_MS] = record.firstMs;
    }
    rec[r + TOUCHED_AT] = this.#nowMs;
    if (record.tcpFlags > 0 && (key[0]! & 0xffff) === IPPROTO_TCP) {
      const flags = ((t >>> FLAGS_SHIFT) & FLAGS_MASK) | (record.tcpFlags & FLAGS_MASK);
      this.ints[tcpAt] = (t & ~(FLAGS_MASK << FLAGS_SHIFT)) | (flags << FLAGS_SHIFT);
    }
    this.rates.add(id, dir, record.bytes);
    return id;
  }

  /** Evictions so far, by reason. */
  evictions(): FlowEvictions {
    const e = this.#evictions;
    return { idle: e[0]!, active: e[1]!, capacity: e[2]!, reopened: e[3]! };
  }

  #create(key: Uint32Array, hash: number, srcIsLow: boolean, tsMs: number): number {
    const id = this.index.insert(key, hash);
    this.#created++;
    const rec = this.rec;
    const r = id * HOT_WORDS;
    rec[r + PACKETS] = 0;
    rec[r + PACKETS + 1] = 0;
    rec[r + BYTES] = 0;
    rec[r + BYTES + 1] = 0;
    rec[r + LAST_MS] = tsMs;
    const tcpAt = (r + TCP_SIDE) * INTS_PER_WORD;
    this.ints[tcpAt] = FlowState.none | (srcIsLow ? A_IS_LOW : 0);
    this.ints[tcpAt + 1] = 0;
    const c = id * COLD_WORDS;
    this.cold[c + FIRST_MS] = tsMs;
    this.cold[c + QUEUED_AT] = this.#nowMs;
    this.#createdAt[id] = this.#nowMs;
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
    const i = changes.push(id, this.rec, r + PACKETS, r + BYTES);
    this.ints[(r + TCP_SIDE) * INTS_PER_WORD + CHANGES_REF_INT] = i + 1;
  }

  /** Credit the hosts of change entry `i` with its flow's traffic since it joined. */
  #fold(i: number): void {
    const changes = this.#changes!;
    const id = changes.ids[i]!;
    if (id < 0) return;
    changes.ids[i] = -1;
    const r = id * HOT_WORDS;
    this.ints[(r + TCP_SIDE) * INTS_PER_WORD + CHANGES_REF_INT] = 0;
    const aSide = this.aIsLow(id) ? 0 : 1;
    changes.credit(
      i,
      this.#hosts!,
      this.rec,
      r + PACKETS,
      r + BYTES,
      this.hostId(id, aSide),
      this.hostId(id, 1 - aSide),
    );
  }

  #evict(id: number, reason: EvictReason): void {
    this.onEvict?.(id, reason);
    // Its hosts are owed this flow's traffic since the last fold, and its id may be reused.
    const owed = this.ints[(id * HOT_WORDS + TCP_SIDE) * INTS_PER_WORD + CHANGES_REF_INT]!;
    if (owed !== 0) this.#fold(owed - 1);
    this.#evictions[reason] = this.#evictions[reason]! + 1;
    this.#recency.remove(id);
    this.#age.remove(id);
    this.index.remove(id);
  }
}
