/**
 * Per-host traffic (top talkers): packets and bytes sent and received, and iftop-style rates,
 * in a capped exact table.
 *
 * Counts are exact for every host while the table has room. When it is full and a new host
 * arrives, the smallest eighth of the hosts by packets is evicted in one batch (quickselect
 * finds the cut in O(cap)), so eviction costs O(1) amortised per new host. Evicted traffic is
 * folded into `evicted*` totals, and `maxEvictedPackets` bounds the undercount of any host that
 * was evicted and came back: a top list is exact when that bound is below its last entry.
 */

import { formatAddress, ipv4TextOrder } from "../net/ip_format.ts";
import { KeyIndex } from "./key_index.ts";
import { HOST_KEY_WORDS, hostKeyAddress } from "../capture/packet_keys.ts";
import { compareCodePoints, kthSmallest, selectTop } from "./top_select.ts";
import { RATE_HEAD_WORDS, RATE_WINDOWS, WindowRates } from "./window_rates.ts";

/**
 * Hosts tracked at once. 65,536 covers a /16 of active addresses, far beyond any corpus capture
 * (the largest has 71 sources) and a LAN's view of the Internet over minutes. At ~440 bytes per
 * host (a 64-byte record of counters and rate head, 2 x 40 Float32 rate slots, 320 bytes of it,
 * the key and index slots) it is ~28 MiB, allocated once: a fifth of the 150 MB process budget.
 */
export const HOST_TABLE_CAP = 65_536;
/** A full table evicts 1/8 of its hosts at once, amortising the O(cap) selection. */
export const HOST_EVICTION_DIVISOR = 8;

// One 64-byte record per host: the four counters, then the rate head.
const RECORD_WORDS = 8;
const TX_PACKETS = 0;
const TX_BYTES = 1;
const RX_PACKETS = 2;
const RX_BYTES = 3;
const RATE_HEAD = RECORD_WORDS - RATE_HEAD_WORDS; // after the four counters

/** Which traffic ranks the hosts. */
export type HostRank = "tx-packets" | "tx-bytes" | "rx-packets" | "rx-bytes";

/** One ranked host. `packets`/`bytes` are the ranked side: sent for tx ranks, received for rx. */
export interface HostRow {
  ip: string;
  packets: number;
  bytes: number;
  txPackets: number;
  txBytes: number;
  rxPackets: number;
  rxBytes: number;
  /** Bits per second sent / received over the last 2, 10 and 40 complete seconds. */
  txBps: [number, number, number];
  rxBps: [number, number, number];
}

/** What a host sent between two `takeSent()` calls. */
export interface HostSent {
  ip: string;
  packets: number;
  bytes: number;
}

/** What eviction has folded away. */
export interface HostEvictionStats {
  tracked: number;
  capacity: number;
  evicted: number;
  evictedTxPackets: number;
  evictedTxBytes: number;
  maxEvictedPackets: number;
}

export class HostTable {
  readonly index: KeyIndex;
  readonly #rec: Float64Array;
  /** Bumped each time an id is evicted, so a cached id can tell it was reused. */
  readonly #generation: Int32Array;
  readonly #rates: WindowRates;
  readonly #scratch: Float64Array;
  /** Sent packets and bytes of each host when `takeSent()` last looked. */
  readonly #taken: Float64Array;
  #evicted = 0;
  #evictedTxPackets = 0;
  #evictedTxBytes = 0;
  #maxEvictedPackets = 0;

  constructor(capacity = HOST_TABLE_CAP) {
    this.index = new KeyIndex(HOST_KEY_WORDS, capacity);
    this.#rec = new Float64Array(capacity * RECORD_WORDS);
    this.#generation = new Int32Array(capacity);
    this.#rates = new WindowRates(capacity, this.#rec, RECORD_WORDS, RATE_HEAD);
    this.#scratch = new Float64Array(capacity);
    this.#taken = new Float64Array(capacity * 2);
  }

  /** Move the rate clock to engine second `sec` (never backwards). */
  setSecond(sec: number): void {
    this.#rates.setSecond(sec);
  }

  /**
   * Count one packet of `bytes` sent (`dir` 0) or received (`dir` 1) by host `key`. Returns the
   * host's id, which `countId()` accepts while `generation(id)` is unchanged.
   */
  count(key: Uint32Array, hash: number, dir: number, bytes: number): number {
    const id = this.resolve(key, hash);
    this.countId(id, dir, bytes);
    return id;
  }

  /**
   * The id of host `key`, added with nothing counted if new. Adding to a full table evicts
   * (see `evictions`), which changes the generation of the evicted ids.
   */
  resolve(key: Uint32Array, hash: number): number {
    let id = this.index.find(key, hash);
    if (id < 0) {
      if (this.index.full) this.#evictSmallest();
      id = this.index.insert(key, hash);
      const r = id * RECORD_WORDS;
      this.#rec[r + TX_PACKETS] = 0;
      this.#rec[r + TX_BYTES] = 0;
      this.#rec[r + RX_PACKETS] = 0;
      this.#rec[r + RX_BYTES] = 0;
      this.#taken[id * 2] = 0;
      this.#taken[id * 2 + 1] = 0;
      this.#rates.reset(id);
    }
    return id;
  }

  /** `count()` for a host already known by its id (from `count()`, same generation). */
  countId(id: number, dir: number, bytes: number): void {
    this.add(id, dir, 1, bytes);
  }

  /** Count `packets` packets of `bytes` bytes in all, in direction `dir`, for host `id`. */
  add(id: number, dir: number, packets: number, bytes: number): void {
    const at = id * RECORD_WORDS + dir * 2;
    const rec = this.#rec;
    rec[at] = rec[at]! + packets;
    rec[at + 1] = rec[at + 1]! + bytes;
    this.#rates.add(id, dir, bytes);
  }

  /** Hosts evicted so far: while 0, every id ever handed out still names its host. */
  get evictions(): number {
    return this.#evicted;
  }

  /** Changes whenever id `id` is evicted, and so may name another host. */
  generation(id: number): number {
    return this.#generation[id]!;
  }

  /** Hosts that have sent at least one packet (exact while `evicted` is 0). */
  distinctSources(): number {
    let n = 0;
    for (let id = 0; id < this.index.highWater; id++) {
      if (this.index.isLive(id) && this.#rec[id * RECORD_WORDS + TX_PACKETS]! > 0) n++;
    }
    return n;
  }

  /**
   * The top `limit` hosts by `rank`, ties broken by the other measure of the same side (bytes
   * for a packet rank, packets for a byte rank), then by address text in code-point order.
   * Hosts with nothing on the ranked side are left out.
   */
  top(rank: HostRank, limit: number, nowSec: number): HostRow[] {
    const tx = rank === "tx-packets" || rank === "tx-bytes";
    const byPackets = rank === "tx-packets" || rank === "rx-packets";
    const pk = tx ? TX_PACKETS : RX_PACKETS;
    const by = tx ? TX_BYTES : RX_BYTES;
    const first = byPackets ? pk : by;
    const second = byPackets ? by : pk;
    const rec = this.#rec;
    const value = (id: number, field: number) => rec[id * RECORD_WORDS + field]!;
    // Rank by the numbers alone, keeping every host tied with the last one kept: only among
    // those does the address text decide, so only those are formatted. Record reads written
    // out: a report ranks once, in code not yet optimised, where every call counts.
    const numeric = (a: number, b: number) => {
      const ra = a * RECORD_WORDS, rb = b * RECORD_WORDS;
      return rec[rb + first]! - rec[ra + first]! || rec[rb + second]! - rec[ra + second]!;
    };
    const live: number[] = [];
    for (let id = 0; id < this.index.highWater; id++) {
      if (this.index.isLive(id) && value(id, pk) > 0) live.push(id);
    }
    const best = selectTop(live.length, (i) => live[i]!, limit, numeric);
    const cut = best.at(-1);
    const names = new Map<number, string>();
    const ip = (id: number) => {
      let s = names.get(id);
      if (s === undefined) names.set(id, s = this.address(id));
      return s;
    };
    // Address text order; two IPv4 hosts compare by number, so no text is made for them.
    const keys = this.index.keys;
    const text = (a: number, b: number) => {
      const ka = a * HOST_KEY_WORDS, kb = b * HOST_KEY_WORDS;
      if (keys[ka] === 4 && keys[kb] === 4) {
        return ipv4TextOrder(keys[ka + 1]!) - ipv4TextOrder(keys[kb + 1]!);
      }
      return compareCodePoints(ip(a), ip(b));
    };
    let ranked = best;
    if (cut !== undefined && best.length === limit) {
      // Hosts tied with the last kept one compete for its place by address text alone.
      const above = best.filter((id) => numeric(id, cut) < 0);
      const tied = live.filter((id) => numeric(id, cut) === 0);
      ranked = above.concat(selectTop(tied.length, (i) => tied[i]!, limit - above.length, text));
    }
    // `ranked` is in numeric order already; only runs of numeric ties need their text order.
    for (let i = 0, j = 1; i < ranked.length; i = j++) {
      while (j < ranked.length && numeric(ranked[i]!, ranked[j]!) === 0) j++;
      if (j - i > 1) sortRange(ranked, i, j, text);
    }
    return ranked.map((id) => this.#row(id, ip(id), value(id, pk), value(id, by), nowSec));
  }

  /**
   * The hosts that sent since the previous call, busiest (by packets) first, at most `limit`,
   * with what each sent in between; a host new since then counts from zero. One reader only
   * (the alert monitor's anomaly window): each call moves the mark. One pass of number
   * comparisons over the table and text for the `limit` kept, so a long file read in packet
   * time, which closes a window every few packets, does not rank every host each time.
   */
  takeSent(limit: number): HostSent[] {
    const rec = this.#rec;
    const taken = this.#taken;
    const ids: number[] = [];
    const sent = (id: number) => rec[id * RECORD_WORDS + TX_PACKETS]! - taken[id * 2]!;
    for (let id = 0; id < this.index.highWater; id++) {
      if (this.index.isLive(id) && sent(id) > 0) ids.push(id);
    }
    const best = selectTop(ids.length, (i) => ids[i]!, limit, (a, b) => sent(b) - sent(a));
    const rows = best.map((id) => ({
      ip: this.address(id),
      packets: sent(id),
      bytes: rec[id * RECORD_WORDS + TX_BYTES]! - taken[id * 2 + 1]!,
    }));
    for (const id of ids) {
      taken[id * 2] = rec[id * RECORD_WORDS + TX_PACKETS]!;
      taken[id * 2 + 1] = rec[id * RECORD_WORDS + TX_BYTES]!;
    }
    return rows;
  }

  /** Address text of entry `id`. */
  address(id: number): string {
    const base = id * HOST_KEY_WORDS;
    const len = this.index.keys[base]!;
    const bytes = new Uint8Array(len === 4 ? 4 : 16);
    hostKeyAddress(this.index.keys, base, bytes);
    return formatAddress(bytes, bytes.length);
  }

  /** Table size and what eviction has folded away. */
  stats(): HostEvictionStats {
    return {
      tracked: this.index.size,
      capacity: this.index.capacity,
      evicted: this.#evicted,
      evictedTxPackets: this.#evictedTxPackets,
      evictedTxBytes: this.#evictedTxBytes,
      maxEvictedPackets: this.#maxEvictedPackets,
    };
  }

  #row(id: number, ip: string, packets: number, bytes: number, nowSec: number): HostRow {
    const rates = this.#rates;
    const bps = (dir: number) =>
      RATE_WINDOWS.map((w) => rates.bitsPerSecond(id, dir, nowSec, w)) as [number, number, number];
    return {
      ip,
      packets,
      bytes,
      txPackets: this.#rec[id * RECORD_WORDS + TX_PACKETS]!,
      txBytes: this.#rec[id * RECORD_WORDS + TX_BYTES]!,
      rxPackets: this.#rec[id * RECORD_WORDS + RX_PACKETS]!,
      rxBytes: this.#rec[id * RECORD_WORDS + RX_BYTES]!,
      txBps: bps(0),
      rxBps: bps(1),
    };
  }

  /** Evict the 1/HOST_EVICTION_DIVISOR of hosts with the fewest packets (sent + received). */
  #evictSmallest(): void {
    const idx = this.index;
    const n = idx.highWater;
    const rec = this.#rec;
    const total = (id: number) =>
      rec[id * RECORD_WORDS + TX_PACKETS]! + rec[id * RECORD_WORDS + RX_PACKETS]!;
    let m = 0;
    for (let id = 0; id < n; id++) if (idx.isLive(id)) this.#scratch[m++] = total(id);
    if (m === 0) return;
    const want = Math.max(1, Math.floor(m / HOST_EVICTION_DIVISOR));
    const cut = kthSmallest(this.#scratch, m, want - 1);
    // Everything strictly below the cut goes, then hosts at the cut until `want` are gone.
    let below = 0;
    for (let id = 0; id < n; id++) if (idx.isLive(id) && total(id) < cut) below++;
    let atCut = want - below;
    for (let id = 0; id < n; id++) {
      if (!idx.isLive(id)) continue;
      const t = total(id);
      if (t > cut || (t === cut && atCut-- <= 0)) continue;
      this.#evicted++;
      this.#evictedTxPackets += rec[id * RECORD_WORDS + TX_PACKETS]!;
      this.#evictedTxBytes += rec[id * RECORD_WORDS + TX_BYTES]!;
      if (t > this.#maxEvictedPackets) this.#maxEvictedPackets = t;
      idx.remove(id);
      this.#generation[id] = (this.#generation[id]! + 1) | 0;
    }
  }
}

/** Sort `ids[from, to)` in place by `compare`. */
function sortRange(
  ids: number[],
  from: number,
  to: number,
  compare: (a: number, b: number) => number,
): void {
  const run = ids.slice(from, to).sort(compare);
  for (let i = 0; i < run.length; i++) ids[from + i] = run[i]!;
}
