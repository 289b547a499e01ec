/**
 * The live statistics engine: one `ingest()` per decoded packet, plus read functions for the
 * HTTP API and the CLI report.
 *
 * `ingest()` is the hot path. It copies what it keeps out of the reused `DecodedPacket` into
 * preallocated typed arrays (totals, protocol mix, rate rings, host and flow tables, the
 * conversation set, the recent-packet ring) and allocates nothing for a packet of a known flow
 * and known hosts. Every structure is bounded; the bounds come from `StatsOptions`.
 *
 * Time: with `clock: "packet"` (files) the engine's clock is the largest packet timestamp seen,
 * and packets land in the series bucket of their own timestamp. With `clock: "wall"` (live) a
 * timer calls `tick()` about once a second; the bucket index is computed from elapsed
 * monotonic time, never by counting ticks, so late or skipped timer callbacks cannot drift it.
 */

import { type DecodedPacket, L3 } from "../capture/decode/packet.ts";
import { ConversationCounter } from "./conversation_counter.ts";
import { type FlowPage, type FlowQuery, queryFlows } from "./flow_query.ts";
import { type FlowHint, hasFlowPorts } from "../capture/flow_key.ts";
import { type EvictReason, FlowTable } from "./flow_table.ts";
import { FlowDirections } from "./flow_directions.ts";
import { hashWords } from "../capture/key_hash.ts";
import { type HostRank, type HostRow, type HostSent, HostTable } from "./host_table.ts";
import {
  type ClockMode,
  type ResolvedOptions,
  resolveOptions,
  type StatsOptions,
} from "./options.ts";
import { FLOW_KEY_WORDS, HOST_KEY_WORDS, PacketKeys } from "../capture/packet_keys.ts";
import { PacketLengths } from "./packet_lengths.ts";
import { type PortRow, PortTable } from "./port_table.ts";
import { ProtocolMix } from "./protocol_mix.ts";
import { familyOf, RateSeries, type SeriesData } from "./rate_series.ts";
import { type PacketQuery, type PacketRecord, RecentPackets } from "./recent_packets.ts";
import { type PacketPayload, RecentPayloads } from "./recent_payloads.ts";
import { parseWindow } from "./series_window.ts";
import type { CaptureMeta, StatsSnapshot } from "./snapshot.ts";
import { buildSnapshot } from "./engine_snapshot.ts";
import type { FlowRecordInput } from "./flow_record_input.ts";
import { RecordIngest } from "./record_ingest.ts";
import { type CaptureDrops, Totals } from "./totals.ts";

const MS_PER_SEC = 1000;
const MS_PER_MIN = 60_000;
const SEC_PER_MIN = 60;
/**
 * Below this many nanoseconds into a second, a packet's series buckets follow from its whole
 * seconds alone (`floor(tsMs / 1000)` is `tsSec`): the millisecond sum is off by at most 2^-12
 * ms at epoch magnitudes, far from the next second. Closer to it the sum may round up to it, so
 * those few packets take the exact formula.
 */
const NSEC_WHOLE_SECOND_BELOW = 999_000_000;
/** Host-table entries one packet can add: its source and its destination. */
const HOSTS_PER_PACKET = 2;

/** A flow exporter's read access: the flow table and the per-direction details beside it. */
export interface FlowEndView {
  readonly flows: FlowTable;
  readonly directions: FlowDirections;
}

export class StatsEngine {
  readonly options: Readonly<ResolvedOptions>;
  readonly #packetClock: boolean;
  readonly #seed: number;
  /** `#seed` as a signed 32-bit value, as `FlowHint.seed` holds it. */
  readonly #seed32: number;
  /** True once `#keys` holds the host keys of the packet being ingested. */
  #hostsLoaded = false;
  readonly #totals = new Totals();
  readonly #lengths = new PacketLengths();
  readonly #mix = new ProtocolMix();
  readonly #ports = new PortTable();
  readonly #keys = new PacketKeys();
  readonly #hosts: HostTable;
  readonly #flows: FlowTable;
  readonly #conversations: ConversationCounter;
  readonly #recent: RecentPackets;
  /** `--payload N` only: the recent packets' first payload bytes; null keeps none. */
  readonly #payloads: RecentPayloads | null;
  /** Per-direction details for a flow exporter; made by `watchFlowEnds()`. */
  #directions: FlowDirections | undefined;
  readonly #seconds: RateSeries;
  readonly #minutes: RateSeries;
  /** Flow records from a collector; made by the first `ingestRecord()`. */
  #records: RecordIngest | undefined;
  #meta: CaptureMeta = {
    source: "",
    sourceKind: "",
    filter: "",
    linkType: "",
    snaplen: 0,
    started: null,
    excluded: "",
  };
  /** Engine clock: epoch ms (packet clock) or ms since the engine started (wall clock). */
  #nowMs: number;
  #nowSec: number;
  /** Packet-clock series buckets of the packets of whole second `#bucketsOf` (-1: none). */
  #bucketsOf = -1;
  #secBucket = 0;
  #minBucket = 0;
  readonly #originMono: number;
  readonly #originEpoch: number;

  constructor(options: StatsOptions = {}) {
    const o = resolveOptions(options);
    this.options = o;
    this.#packetClock = o.clock === "packet";
    this.#seed = o.hashSeed;
    this.#seed32 = o.hashSeed | 0;
    this.#hosts = new HostTable(o.hostCap);
    this.#flows = new FlowTable({
      hosts: this.#hosts,
      capacity: o.flowCap,
      idleTimeoutMs: o.flowIdleTimeoutMs,
      activeTimeoutMs: o.flowActiveTimeoutMs,
    });
    this.#conversations = new ConversationCounter(o.exactConversationLimit, o.hashSeed);
    this.#recent = new RecentPackets(o.recentPackets);
    this.#payloads = o.payloadBytes > 0
      ? new RecentPayloads(o.recentPackets, o.payloadBytes)
      : null;
    this.#originMono = this.#packetClock ? 0 : o.now();
    this.#originEpoch = this.#packetClock ? 0 : o.epochNow();
    this.#seconds = new RateSeries(o.secondSlots, MS_PER_SEC, this.#originEpoch);
    this.#minutes = new RateSeries(o.minuteSlots, MS_PER_MIN, this.#originEpoch);
    this.#nowMs = this.#packetClock ? -Infinity : 0;
    this.#nowSec = this.#packetClock ? -Infinity : 0;
    if (!this.#packetClock) this.#flows.advanceClock(0, 0);
  }

  /**
   * Count one decoded packet. `p` is reused by the caller: nothing keeps a reference to it.
   * `flow`, when given, is `p`'s flow key and hash worked out ahead (by the capture worker);
   * the engine then neither builds the key nor, when the seeds match, hashes it.
   * `following`, when given, is how many more packets the caller will ingest before anything
   * can read the engine (the rest of a drain slice): a packet that many newer ones will push out
   * of the recent-packet list before it can be seen is not copied there.
   */
  ingest(p: DecodedPacket, flow?: FlowHint, following = 0): void {
    const totals = this.#totals;
    totals.add(p);
    const bytes = p.wireLen;
    this.#lengths.add(bytes);
    const tsMs = p.tsSec * MS_PER_SEC + p.tsNsec / 1e6;
    let secBucket: number;
    let minBucket: number;
    if (this.#packetClock) {
      if (tsMs > this.#nowMs) this.#advance(tsMs);
      if (p.tsSec !== this.#bucketsOf || p.tsNsec >= NSEC_WHOLE_SECOND_BELOW) {
        this.#packetBuckets(p.tsSec, p.tsNsec, tsMs);
      }
      secBucket = this.#secBucket;
      minBucket = this.#minBucket;
    } else {
      secBucket = this.#nowSec;
      minBucket = Math.floor(this.#nowMs / MS_PER_MIN);
    }
    const family = familyOf(p);
    this.#seconds.add(secBucket, family, bytes);
    this.#minutes.add(minBucket, family, bytes);
    this.#mix.add(p);
    const recent = this.#recent;
    if (following < recent.capacity) {
      recent.push(p, totals.packets);
      if (this.#payloads !== null) this.#payloads.push(p, totals.packets);
    }
    const l3 = p.l3;
    if (l3 !== L3.ipv4 && l3 !== L3.ipv6) return;
    const hasPorts = hasFlowPorts(p);
    let key: Uint32Array;
    let hash: number;
    let srcIsLow: boolean;
    if (flow !== undefined) {
      if (!flow.keyed) return;
      key = flow.key;
      srcIsLow = flow.srcIsLow;
      hash = flow.seed === this.#seed32 ? flow.hash : hashWords(key, FLOW_KEY_WORDS, this.#seed);
      this.#hostsLoaded = false;
    } else {
      const keys = this.#keys;
      if (!keys.load(p)) return;
      keys.buildFlow(p.ipProto, hasPorts, p.srcPort, p.dstPort);
      key = keys.flow;
      srcIsLow = keys.srcIsLow;
      hash = hashWords(key, FLOW_KEY_WORDS, this.#seed);
      this.#hostsLoaded = true;
    }
    const flows = this.#flows;
    // Hosts are credited from their flows' counters (`FlowTable.foldHosts`) while no host can
    // be evicted: eviction ranks hosts by their counts, which must then be exact. Near a full
    // table every packet counts its hosts itself.
    const hostIndex = this.#hosts.index;
    const defer = hostIndex.size + HOSTS_PER_PACKET <= hostIndex.capacity;
    if (defer !== flows.deferHosts) {
      if (!defer) flows.foldHosts();
      flows.deferHosts = defer;
    }
    const id = flows.update(key, hash, srcIsLow, p);
    this.#directions?.count(id, srcIsLow === flows.aIsLow(id) ? 0 : 1, flows.createdLast, p);
    // Deferred, a known flow's hosts were checked on its first packet since the last fold and
    // cannot have been evicted since: the flow table counts them, nothing to do here.
    if (flows.hostsDue) {
      const srcSide = srcIsLow ? 0 : 1;
      this.#countHost(id, srcSide, true, p, bytes, defer);
      this.#countHost(id, 1 - srcSide, false, p, bytes, defer);
    }
    if (hasPorts) {
      // A live flow's key was recorded when the flow was created (and the sketch, should the
      // exact set overflow, keeps every key), so only a new flow can be a new conversation.
      if (flows.createdLast) this.#conversations.add(key, hash);
      this.#ports.add(p.ipProto, p.srcPort, p.dstPort, bytes);
    }
  }

  /** Work out the series buckets of a packet-clock packet once per whole second. */
  #packetBuckets(tsSec: number, tsNsec: number, tsMs: number): void {
    if (tsNsec < NSEC_WHOLE_SECOND_BELOW) {
      this.#bucketsOf = tsSec;
      this.#secBucket = tsSec;
      this.#minBucket = Math.floor(tsSec / SEC_PER_MIN);
    } else {
      this.#bucketsOf = -1;
      this.#secBucket = Math.floor(tsMs / MS_PER_SEC);
      this.#minBucket = Math.floor(tsMs / MS_PER_MIN);
    }
  }

  /**
   * Count the source (`isSrc`, as sender) or destination host of `p`, on `side` of `flow`, or
   * when `deferred` only make sure the flow knows that host (the flow table counts it later).
   * The flow remembers its hosts' ids, so a known flow skips building, hashing and looking up
   * the host key unless the host was evicted since (its generation moved).
   */
  #countHost(
    flow: number,
    side: number,
    isSrc: boolean,
    p: DecodedPacket,
    bytes: number,
    deferred: boolean,
  ): void {
    const hosts = this.#hosts;
    const dir = isSrc ? 0 : 1;
    const known = this.#flows.hostId(flow, side);
    if (
      known >= 0 &&
      (hosts.evictions === 0 || hosts.generation(known) === this.#flows.hostGeneration(flow, side))
    ) {
      if (!deferred) hosts.countId(known, dir, bytes);
      return;
    }
    const keys = this.#keys;
    if (!this.#hostsLoaded) {
      keys.load(p);
      this.#hostsLoaded = true;
    }
    const key = isSrc ? keys.srcHost : keys.dstHost;
    const hash = hashWords(key, HOST_KEY_WORDS, this.#seed);
    const id = deferred ? hosts.resolve(key, hash) : hosts.count(key, hash, dir, bytes);
    this.#flows.setHost(flow, side, id, hosts.generation(id));
  }

  /**
   * Move the clock. Wall clock: `nowMs` is monotonic ms in the timebase of `options.now`
   * (performance.now by default). Packet clock: epoch ms, for moving past the last packet.
   * The clock never goes backwards.
   */
  advanceClock(nowMs: number): void {
    const t = this.#packetClock ? nowMs : nowMs - this.#originMono;
    if (t > this.#nowMs) this.#advance(t);
  }

  /** `advanceClock(options.now())`: what a live capture's once-a-second timer calls. */
  tick(): void {
    // Packet time moves only with packets (or an explicit advanceClock); a timer has no say.
    if (!this.#packetClock) this.advanceClock(this.options.now());
  }

  /**
   * Count one flow record from a collector (NetFlow/IPFIX): its packets and bytes in the same
   * tables as packets. Records are counted when they arrive, on the engine's clock (a file's
   * latest packet time, or the record's own end before any packet); not the packet path.
   */
  ingestRecord(r: FlowRecordInput): void {
    if (this.#packetClock && this.#nowMs === -Infinity && Number.isFinite(r.endMs)) {
      this.advanceClock(r.endMs);
    }
    if (this.#nowMs === -Infinity) return;
    this.#records ??= new RecordIngest({
      totals: this.#totals,
      mix: this.#mix,
      seconds: this.#seconds,
      minutes: this.#minutes,
      hosts: this.#hosts,
      flows: this.#flows,
      conversations: this.#conversations,
      ports: this.#ports,
      seed: this.#seed,
    });
    this.#records.ingest(r, this.#nowSec, Math.floor(this.#nowMs / MS_PER_MIN));
  }

  /**
   * Tell `onEnd` of every flow that leaves the table (timeouts, eviction, a reopened TCP port
   * pair), and from now on keep what an exporter needs of each direction. Call before the
   * first packet. Returns the tables to read a flow from, during `onEnd` or for a final sweep
   * over the live ones.
   */
  watchFlowEnds(onEnd: (id: number, reason: EvictReason) => void): FlowEndView {
    this.#directions ??= new FlowDirections(this.#flows.index.capacity);
    this.#flows.onEvict = onEnd;
    return { flows: this.#flows, directions: this.#directions };
  }

  /** Replace the capture source's cumulative drop counters. */
  setCaptureDrops(drops: Partial<CaptureDrops>): void {
    this.#totals.setDrops(drops);
  }

  /** Merge capture metadata (interface or file, filter, link type name, snaplen, start). */
  setMeta(meta: Partial<CaptureMeta>): void {
    this.#meta = { ...this.#meta, ...meta };
  }

  get clock(): ClockMode {
    return this.options.clock;
  }

  /** Everything, as one JSON-able object. */
  snapshot(): StatsSnapshot {
    // The hosts are owed their flows' traffic since the last fold before they can be ranked.
    this.#flows.foldHosts();
    return buildSnapshot({
      options: this.options,
      meta: this.#meta,
      totals: this.#totals,
      lengths: this.#lengths,
      mix: this.#mix,
      hosts: this.#hosts,
      flows: this.#flows,
      ports: this.#ports,
      conversations: this.#conversations,
      seconds: this.#seconds,
      recent: this.#recent,
      nowMs: this.#nowMs,
      nowSec: this.#nowSec,
      originEpoch: this.#originEpoch,
    });
  }

  /** Live flows, filtered, sorted and paged. Throws RangeError for a bad filter or sort. */
  flows(query: FlowQuery = {}): FlowPage {
    return queryFlows(this.#flows, query, this.#nowSec);
  }

  /**
   * The kept first payload bytes of recent packet `seq` (`--payload N`), or null when it has
   * left the list or payloads are not kept (`options.payloadBytes` 0).
   */
  packetPayload(seq: number): PacketPayload | null {
    return this.#payloads?.payload(seq) ?? null;
  }

  /** Recent packets, newest first. Throws RangeError for a bad filter. */
  packets(query: PacketQuery = {}): PacketRecord[] {
    return this.#recent.list(query);
  }

  /**
   * Rates over a window ending now: "90s", "5m", "1h" read the 1 s ring while they fit in it;
   * longer windows ("6h", "24h") read the 1 min ring. Throws RangeError past the minute ring.
   */
  series(window = "5m"): SeriesData {
    const w = parseWindow(window, this.#seconds.slots, this.#minutes.slots);
    if (w.resolution === "1s") return this.#seconds.read(w.buckets);
    return this.#minutes.read(w.buckets);
  }

  /** Top hosts by any rank (sources or destinations, by packets or bytes). */
  hosts(rank: HostRank, limit = this.options.topN): HostRow[] {
    this.#flows.foldHosts();
    return this.#hosts.top(rank, limit, this.#nowSec);
  }

  /** What hosts sent since the previous call (see `HostTable.takeSent`); one reader only. */
  takeSent(limit: number): HostSent[] {
    this.#flows.foldHosts();
    return this.#hosts.takeSent(limit);
  }

  /**
   * The flow table, for readers that walk every live flow off the hot path (process
   * attribution reads counters and keys; it changes nothing).
   */
  get flowTable(): FlowTable {
    return this.#flows;
  }

  /** Busiest TCP/UDP service ports. */
  ports(limit = this.options.topN): PortRow[] {
    return this.#ports.top(limit);
  }

  #advance(nowMs: number): void {
    this.#nowMs = nowMs;
    const sec = Math.floor(nowMs / MS_PER_SEC);
    if (sec <= this.#nowSec) return;
    this.#nowSec = sec;
    if (!this.#packetClock) {
      // Live: close the seconds (and minutes) that elapsed, zero-filling any the timer skipped.
      this.#seconds.advanceTo(sec);
      this.#minutes.advanceTo(Math.floor(nowMs / MS_PER_MIN));
    }
    // Once per clock second: the flow timeouts have second resolution anyway. The hosts are
    // owed the closing second's traffic before their rate clock moves past it.
    this.#flows.foldHosts();
    this.#hosts.setSecond(sec);
    this.#flows.advanceClock(nowMs, sec);
  }
}
