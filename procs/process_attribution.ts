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
import type { SocketEntry } from "./proc_net.ts";
import type { OwnerLookup } from "./owner_lookup.ts";
import type { SocketDirectory } from "./socket_directory.ts";
import { ProcessAccount, type ProcessRow } from "./process_account.ts";
import type { ProcessInfo } from "./socket_owners.ts";
import { type RefreshStats, SocketScanner } from "./socket_scanner.ts";

/** Processes with an account at once; past it the least recently active idle one goes. */
export const MAX_PROCESSES = 1024;
/** Local endpoints remembered with their process, for flow rows; oldest forgotten first. */
export const MAX_ENDPOINT_OWNERS = 65_536;
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
  readonly #scanner: SocketScanner;
  readonly #table: FlowTable;
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
  #pendingFlows = 0;
  readonly unattributed: TrafficCount = { bytes: 0, packets: 0, flows: 0, liveFlows: 0 };
  readonly otherHosts: TrafficCount = { bytes: 0, packets: 0, flows: 0, liveFlows: 0 };
  constructor(options: AttributionOptions) {
    this.#table = options.flows;
    this.#scanner = new SocketScanner(options);
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

  get directory(): SocketDirectory {
    return this.#scanner.directory;
  }
  get lookup(): OwnerLookup {
    return this.#scanner.lookup;
  }
  get refreshStats(): RefreshStats {
    return this.#scanner.stats;
  }

  /** Read the socket tables and ask for the owners of sockets not known yet. One at a time. */
  refresh(): Promise<void> {
    return this.#scanner.refresh();
  }

  /**
   * Read every live flow once: decide new flows whose scan is in, add what decided flows carried
   * since the last pass to their processes, and start a scan when one is due. `nowMs`: epoch ms.
   */
  tick(nowMs = this.#now()): void {
    this.account(nowMs);
    if (this.#scanner.due(this.#pendingFlows)) void this.refresh();
  }

  /** One pass over the flow table (see `tick`). */
  account(nowMs = this.#now()): void {
    const table = this.#table;
    const index = table.index;
    const generation = this.#scanner.directory.generation;
    // A flow noticed now waits for a scan that starts after now: one under way may have read
    // the socket tables before the flow's socket existed.
    const nextScan = this.#scanner.started + 1;
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
      if (!this.#scanner.localAddresses.has(ip)) {
        this.#state[at] = NOT_LOCAL;
        continue;
      }
      local = true;
      const owner = ports
        ? this.#scanner.directory.find(
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
