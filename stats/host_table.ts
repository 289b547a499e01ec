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

import { formatAddress } from "./ip_format.ts";
import { KeyIndex } from "./key_index.ts";
import { HOST_KEY_WORDS, hostKeyAddress } from "./packet_keys.ts";
import { compareCodePoints, kthSmallest, selectTop } from "./top_select.ts";
import { RATE_WINDOWS, WindowRates } from "./window_rates.ts";

/**
 * Hosts tracked at once. 65,536 covers a /16 of active addresses, far beyond any corpus capture
 * (the largest has 71 sources) and a LAN's view of the Internet over minutes. At ~410 bytes per
 * host (counters, key, and 2 x 41 Float32 rate slots, 328 bytes of it) it is ~26 MiB, allocated
 * once: a sixth of the 150 MB process budget.
 */
export const HOST_TABLE_CAP = 65_536;
/** A full table evicts 1/8 of its hosts at once, amortising the O(cap) selection. */
export const HOST_EVICTION_DIVISOR = 8;

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
  readonly #txPackets: Float64Array;
  readonly #txBytes: Float64Array;
  readonly #rxPackets: Float64Array;
  readonly #rxBytes: Float64Array;
  readonly #rates: WindowRates;
  readonly #scratch: Float64Array;
  #evicted = 0;
  #evictedTxPackets = 0;
  #evictedTxBytes = 0;
  #maxEvictedPackets = 0;

  constructor(capacity = HOST_TABLE_CAP) {
    this.index = new KeyIndex(HOST_KEY_WORDS, capacity);
    this.#txPackets = new Float64Array(capacity);
    this.#txBytes = new Float64Array(capacity);
    this.#rxPackets = new Float64Array(capacity);
    this.#rxBytes = new Float64Array(capacity);
    this.#rates = new WindowRates(capacity);
    this.#scratch = new Float64Array(capacity);
  }

  /** Move the rate clock to engine second `sec` (never backwards). */
  setSecond(sec: number): void {
    this.#rates.setSecond(sec);
  }

  /** Count one packet of `bytes` sent (`dir` 0) or received (`dir` 1) by host `key`. */
  count(key: Uint32Array, hash: number, dir: number, bytes: number): void {
    let id = this.index.find(key, hash);
    if (id < 0) {
      if (this.index.full) this.#evictSmallest();
      id = this.index.insert(key, hash);
      this.#txPackets[id] = 0;
      this.#txBytes[id] = 0;
      this.#rxPackets[id] = 0;
      this.#rxBytes[id] = 0;
      this.#rates.reset(id);
    }
    if (dir === 0) {
      this.#txPackets[id] = this.#txPackets[id]! + 1;
      this.#txBytes[id] = this.#txBytes[id]! + bytes;
    } else {
      this.#rxPackets[id] = this.#rxPackets[id]! + 1;
      this.#rxBytes[id] = this.#rxBytes[id]! + bytes;
    }
    this.#rates.add(id, dir, bytes);
  }

  /** Hosts that have sent at least one packet (exact while `evicted` is 0). */
  distinctSources(): number {
    let n = 0;
    for (let id = 0; id < this.index.highWater; id++) {
      if (this.index.isLive(id) && this.#txPackets[id]! > 0) n++;
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
    const pk = tx ? this.#txPackets : this.#rxPackets;
    const by = tx ? this.#txBytes : this.#rxBytes;
    const first = byPackets ? pk : by;
    const second = byPackets ? by : pk;
    const live: number[] = [];
    for (let id = 0; id < this.index.highWater; id++) {
      if (this.index.isLive(id) && pk[id]! > 0) live.push(id);
    }
    const names = new Map<number, string>();
    const ip = (id: number) => {
      let s = names.get(id);
      if (s === undefined) names.set(id, s = this.address(id));
      return s;
    };
    const ids = selectTop(
      live.length,
      (i) => live[i]!,
      limit,
      (a, b) => first[b]! - first[a]! || second[b]! - second[a]! || compareCodePoints(ip(a), ip(b)),
    );
    return ids.map((id) => this.#row(id, ip(id), pk[id]!, by[id]!, nowSec));
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
      txPackets: this.#txPackets[id]!,
      txBytes: this.#txBytes[id]!,
      rxPackets: this.#rxPackets[id]!,
      rxBytes: this.#rxBytes[id]!,
      txBps: bps(0),
      rxBps: bps(1),
    };
  }

  /** Evict the 1/HOST_EVICTION_DIVISOR of hosts with the fewest packets (sent + received). */
  #evictSmallest(): void {
    const idx = this.index;
    const n = idx.highWater;
    const total = (id: number) => this.#txPackets[id]! + this.#rxPackets[id]!;
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
      this.#evictedTxPackets += this.#txPackets[id]!;
      this.#evictedTxBytes += this.#txBytes[id]!;
      if (t > this.#maxEvictedPackets) this.#maxEvictedPackets = t;
      idx.remove(id);
    }
  }
}
