/**
 * Which program sends and receives what: each live flow's local side is tied to the process
 * holding its socket, and the flow's bytes and packets since the last pass are added to that
 * process (what it sent is up, what it received is down).
 *
 * A new flow waits, uncounted, for the first socket scan that starts after it was seen (a scan
 * is asked for at once, at most every `MIN_REFRESH_GAP_MS`); that scan decides its sides for
 * good: a process, not this host's address, or unattributed. Unattributed traffic is counted
 * as such, never given to a likely-looking process. This reads the flow table off the hot path,
 * a few times a second; packets are never touched here.
 */

import type { FlowTable } from "../stats/flow_table.ts";
import {
  flowKeyAddress,
  flowKeyFamily,
  flowKeyHasPorts,
  flowKeyPort,
  flowKeyProto,
} from "../capture/packet_keys.ts";
import { formatAddress } from "../net/ip_format.ts";
import { readProcNet, type SocketEntry } from "./proc_net.ts";
import type { OwnerLookup } from "./owner_lookup.ts";
import { SocketDirectory } from "./socket_directory.ts";
import { ProcessAccount, type ProcessRow } from "./process_account.ts";
import type { ProcessInfo } from "./socket_owners.ts";

/** Processes with an account at once; past it the least recently active idle one goes. */
export const MAX_PROCESSES = 1024;
/** Sockets are scanned at least this often, so rates and owners follow programs that come and go. */
export const REFRESH_INTERVAL_MS = 1000;
/** New flows ask for a scan at once, but scans start at most this often. */
export const MIN_REFRESH_GAP_MS = 200;
/** Local endpoints remembered with their process, for flow rows; oldest forgotten first. */
export const MAX_ENDPOINT_OWNERS = 65_536;
/**
 * Scans are spaced at least this many times their own last duration, so however many sockets
 * the host has (the kernel takes ~30 µs to print each one into /proc/net), scanning takes at
 * most a tenth of the time, a quarter while new flows wait.
 */
export const REFRESH_COST_FACTOR = 10;
export const ON_DEMAND_COST_FACTOR = 4;
/** How often the flow table is read (and new flows noticed). */
export const ACCOUNT_INTERVAL_MS = 100;

const PENDING = 0;
const OWNED = 1;
const NOT_LOCAL = 2;
const UNATTRIBUTED = 3;
const TCP = 6;
const UDP = 17;

/** Traffic that no process was found for, or that is no process's of this host. */
export interface TrafficCount {
  bytes: number;
  packets: number;
  /** Flows counted here in total, and live now. */
  flows: number;
  liveFlows: number;
}

export interface RefreshStats {
  /** When the last scan finished (epoch ms), and what it cost. */
  atMs: number;
  ms: number;
  sockets: number;
  owned: number;
  /** Inodes asked about, and `/proc/PID/fd` links read to answer them. */
  asked: number;
  links: number;
  truncated: boolean;
  scans: number;
  /** Why the last lookup failed (the helper ended, say), or null. */
  error: string | null;
}

export interface AttributionOptions {
  /** The engine's flow table (read only). */
  flows: FlowTable;
  lookup: OwnerLookup;
  readSockets?: () => SocketEntry[];
  /** This host's addresses (in the capture's network namespace). */
  localAddresses?: () => Set<string>;
  userName?: (uid: number) => string;
  now?: () => number;
}

export class ProcessAttribution {
  readonly directory = new SocketDirectory();
  readonly lookup: OwnerLookup;
  readonly #table: FlowTable;
  readonly #readSockets: () => SocketEntry[];
  readonly #localAddresses: () => Set<string>;
  readonly #userName: (uid: number) => string;
  readonly #now: () => number;
  readonly #accounts = new Map<string, ProcessAccount>();
  /** "protocol ip port" of a decided local side -> its process, for `endpointOwner`. */
  readonly #endpoints = new Map<string, ProcessAccount>();
  /** Per flow id: identity (first packet ms), the scan generation it waits for, counts taken. */
  readonly #first: Float64Array;
  readonly #waitFor: Int32Array;
  readonly #known: Uint8Array;
  readonly #taken: Float64Array;
  readonly #state: Uint8Array;
  readonly #owner: (ProcessAccount | null)[];
  #local = new Set<string>();
  #refreshing: Promise<void> | null = null;
  /** Scans started; scan N, once in, is `directory.generation` N (one runs at a time). */
  #scansStarted = 0;
  #lastRefreshStart = -Infinity;
  #pendingFlows = 0;
  readonly unattributed: TrafficCount = { bytes: 0, packets: 0, flows: 0, liveFlows: 0 };
  readonly otherHosts: TrafficCount = { bytes: 0, packets: 0, flows: 0, liveFlows: 0 };
  readonly refreshStats: RefreshStats = {
    atMs: 0,
    ms: 0,
    sockets: 0,
    owned: 0,
    asked: 0,
    links: 0,
    truncated: false,
    scans: 0,
    error: null,
  };

  constructor(options: AttributionOptions) {
    this.#table = options.flows;
    this.lookup = options.lookup;
    this.#readSockets = options.readSockets ?? (() => readProcNet());
    this.#localAddresses = options.localAddresses ?? hostAddresses;
    this.#userName = options.userName ?? String;
    this.#now = options.now ?? Date.now;
    const capacity = this.#table.index.capacity;
    this.#first = new Float64Array(capacity);
    this.#waitFor = new Int32Array(capacity);
    this.#known = new Uint8Array(capacity);
    this.#taken = new Float64Array(capacity * 4);
    this.#state = new Uint8Array(capacity * 2);
    this.#owner = new Array<ProcessAccount | null>(capacity * 2).fill(null);
  }

  /** Read the socket tables and ask for the owners of sockets not known yet. One at a time. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#scan().finally(() => this.#refreshing = null);
    return this.#refreshing;
  }

  async #scan(): Promise<void> {
    const started = performance.now();
    this.#lastRefreshStart = started;
    this.#scansStarted++;
    const nowMs = this.#now();
    const stats = this.refreshStats;
    stats.links = 0;
    stats.truncated = false;
    let entries: SocketEntry[] = [];
    try {
      this.#local = this.#localAddresses();
      entries = this.#readSockets();
    } catch (error) {
      // No libc to read /proc with, say: this scan decides its flows unattributed, as said.
      stats.error = error instanceof Error ? error.message : String(error);
    }
    const asked = this.directory.unknownInodes(entries, nowMs);
    let found: ReadonlyMap<number, ProcessInfo> = new Map();
    if (asked.length > 0) {
      try {
        const answer = await this.lookup.lookup(asked);
        found = answer.owners;
        stats.links = answer.links;
        stats.truncated = answer.truncated;
        stats.error = null;
      } catch (error) {
        stats.error = error instanceof Error ? error.message : String(error);
      }
    }
    this.directory.update(entries, stats.error === null ? asked : [], found, nowMs);
    stats.atMs = this.#now();
    stats.ms = performance.now() - started;
    stats.sockets = this.directory.sockets;
    stats.owned = this.directory.owned;
    stats.asked = asked.length;
    stats.scans++;
  }

  /**
   * Read every live flow once: decide new flows whose scan is in, add what decided flows carried
   * since the last pass to their processes, and start a scan when one is due. `nowMs`: epoch ms.
   */
  tick(nowMs = this.#now()): void {
    this.account(nowMs);
    const now = performance.now();
    const cost = this.refreshStats.ms;
    const since = now - this.#lastRefreshStart;
    const due = since >= Math.max(REFRESH_INTERVAL_MS, cost * REFRESH_COST_FACTOR) ||
      (this.#pendingFlows > 0 &&
        since >= Math.max(MIN_REFRESH_GAP_MS, cost * ON_DEMAND_COST_FACTOR));
    if (due && this.#refreshing === null) void this.refresh();
  }

  /** One pass over the flow table (see `tick`). */
  account(nowMs = this.#now()): void {
    const table = this.#table;
    const index = table.index;
    const generation = this.directory.generation;
    // A flow noticed now waits for a scan that starts after now: one under way may have read
    // the socket tables before the flow's socket existed.
    const nextScan = this.#scansStarted + 1;
    this.#pendingFlows = 0;
    this.unattributed.liveFlows = 0;
    this.otherHosts.liveFlows = 0;
    for (const account of this.#accounts.values()) account.flowsCounting = 0;
    for (let id = 0; id < index.highWater; id++) {
      if (!index.isLive(id)) {
        this.#known[id] = 0;
        continue;
      }
      const first = table.firstMs(id);
      if (this.#known[id] === 0 || this.#first[id] !== first) {
        this.#known[id] = 1;
        this.#first[id] = first;
        this.#waitFor[id] = nextScan;
        this.#state[id * 2] = PENDING;
        this.#taken.fill(0, id * 4, id * 4 + 4);
      }
      if (this.#state[id * 2] === PENDING) {
        if (generation < this.#waitFor[id]!) {
          this.#pendingFlows++;
          continue;
        }
        this.#decide(id, nowMs);
      }
      this.#take(id, nowMs);
    }
    const sec = Math.floor(nowMs / 1000);
    for (const account of this.#accounts.values()) {
      account.flows = account.flowsCounting;
      account.closeSecond(sec);
    }
  }

  #decide(id: number, nowMs: number): void {
    const table = this.#table;
    const keys = table.index.keys;
    const base = table.index.keyBase(id);
    const family = flowKeyFamily(keys, base);
    const proto = flowKeyProto(keys, base);
    const ports = flowKeyHasPorts(keys, base) && (proto === TCP || proto === UDP);
    const bytes = new Uint8Array(family);
    flowKeyAddress(keys, base, 0, bytes);
    const low = formatAddress(bytes, family);
    flowKeyAddress(keys, base, 1, bytes);
    const high = formatAddress(bytes, family);
    let unattributed = false;
    let local = false;
    for (const side of [0, 1] as const) {
      const ip = side === 0 ? low : high;
      const at = id * 2 + side;
      this.#owner[at] = null;
      if (!this.#local.has(ip)) {
        this.#state[at] = NOT_LOCAL;
        continue;
      }
      local = true;
      const owner = ports
        ? this.directory.find(
          proto === TCP ? "tcp" : "udp",
          ip,
          flowKeyPort(keys, base, side),
          side === 0 ? high : low,
          flowKeyPort(keys, base, side === 0 ? 1 : 0),
          table.firstMs(id),
        )
        : null;
      const account = owner && this.#accountFor(owner, nowMs);
      if (account) {
        this.#state[at] = OWNED;
        this.#owner[at] = account;
        account.totalFlows++;
        this.#rememberEndpoint(ipProtocolLabel(proto), ip, flowKeyPort(keys, base, side), account);
      } else {
        this.#state[at] = UNATTRIBUTED;
        unattributed = true;
      }
    }
    if (unattributed) this.unattributed.flows++;
    else if (!local) this.otherHosts.flows++;
  }

  /** Add what flow `id` carried since the last pass to whoever its sides are. */
  #take(id: number, nowMs: number): void {
    const table = this.#table;
    const t = id * 4;
    const bytesA = table.bytes(id, 0) - this.#taken[t]!;
    const bytesB = table.bytes(id, 1) - this.#taken[t + 1]!;
    const packetsA = table.packets(id, 0) - this.#taken[t + 2]!;
    const packetsB = table.packets(id, 1) - this.#taken[t + 3]!;
    this.#taken[t] = table.bytes(id, 0);
    this.#taken[t + 1] = table.bytes(id, 1);
    this.#taken[t + 2] = table.packets(id, 0);
    this.#taken[t + 3] = table.packets(id, 1);
    const aIsLow = table.aIsLow(id);
    let unattributed = false;
    let local = false;
    for (const side of [0, 1]) {
      const state = this.#state[id * 2 + side];
      if (state === NOT_LOCAL) continue;
      local = true;
      const account = this.#owner[id * 2 + side];
      if (state !== OWNED || !account) {
        unattributed = true;
        continue;
      }
      // Direction A->B is sent by side A: the low side when `aIsLow`.
      const sendsA = (side === 0) === aIsLow;
      account.upBytes += sendsA ? bytesA : bytesB;
      account.downBytes += sendsA ? bytesB : bytesA;
      account.upPackets += sendsA ? packetsA : packetsB;
      account.downPackets += sendsA ? packetsB : packetsA;
      account.flowsCounting++;
      if (bytesA + bytesB > 0) account.lastSeenMs = nowMs;
    }
    const count = unattributed ? this.unattributed : local ? null : this.otherHosts;
    if (count) {
      count.bytes += bytesA + bytesB;
      count.packets += packetsA + packetsB;
      count.liveFlows++;
    }
  }

  #accountFor(owner: ProcessInfo, nowMs: number): ProcessAccount | null {
    const key = `${owner.pid} ${owner.name}`;
    const known = this.#accounts.get(key);
    if (known) return known;
    if (this.#accounts.size >= MAX_PROCESSES && !this.#evictIdle()) return null;
    const account = new ProcessAccount(owner, this.#userName(owner.uid), Math.floor(nowMs / 1000));
    account.lastSeenMs = nowMs;
    this.#accounts.set(key, account);
    return account;
  }

  /** Make room: the account with no live flow that was active longest ago goes. */
  #evictIdle(): boolean {
    let oldest: string | undefined;
    let oldestMs = Infinity;
    for (const [key, account] of this.#accounts) {
      if (account.flows === 0 && account.flowsCounting === 0 && account.lastSeenMs < oldestMs) {
        oldest = key;
        oldestMs = account.lastSeenMs;
      }
    }
    if (oldest === undefined) return false;
    this.#accounts.delete(oldest);
    return true;
  }

  /** Every process with an account, as rows (the route sorts and pages them). */
  rows(nowMs = this.#now()): ProcessRow[] {
    const sec = Math.floor(nowMs / 1000);
    return [...this.#accounts.values()].map((account) => account.row(sec));
  }

  #rememberEndpoint(protocol: string, ip: string, port: number, account: ProcessAccount): void {
    const key = `${protocol} ${ip} ${port}`;
    this.#endpoints.delete(key);
    this.#endpoints.set(key, account);
    if (this.#endpoints.size > MAX_ENDPOINT_OWNERS) {
      this.#endpoints.delete(this.#endpoints.keys().next().value!);
    }
  }

  /**
   * The process last seen holding a local endpoint (`protocol` "tcp" or "udp"), for the flow
   * rows of the API and the page; null for an endpoint of another host or of no known process.
   */
  endpointOwner(protocol: string, ip: string, port: number | null): ProcessAccount | null {
    if (port === null) return null;
    return this.#endpoints.get(`${protocol} ${ip} ${port}`) ?? null;
  }

  /** The process holding side `side` (0: low, 1: high) of flow `id`, once decided. */
  ownerOf(id: number, side: 0 | 1): ProcessAccount | null {
    return this.#state[id * 2 + side] === OWNED ? this.#owner[id * 2 + side] ?? null : null;
  }
}

function ipProtocolLabel(proto: number): string {
  return proto === TCP ? "tcp" : "udp";
}

/** This host's addresses, as the capture's network namespace has them now. */
function hostAddresses(): Set<string> {
  const out = new Set<string>();
  for (const i of Deno.networkInterfaces()) out.add(i.address.replace(/%.*$/, ""));
  return out;
}
