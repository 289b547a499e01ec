/**
 * Socket scans, one at a time, on a bounded schedule: read this namespace's socket tables and
 * this host's addresses, ask the lookup (the helper, or this process) for the owners of sockets
 * not known yet, and hand all of it to the socket directory. A scan runs every
 * `REFRESH_INTERVAL_MS`, sooner while new flows wait for one, and never more often than its own
 * cost allows.
 */

import { readProcNet, type SocketEntry } from "./proc_net.ts";
import type { OwnerLookup } from "./owner_lookup.ts";
import { SocketDirectory } from "./socket_directory.ts";
import type { ProcessInfo } from "./socket_owners.ts";

/** Sockets are scanned at least this often, so rates and owners follow programs that come and go. */
export const REFRESH_INTERVAL_MS = 1000;
/** New flows ask for a scan at once, but scans start at most this often. */
export const MIN_REFRESH_GAP_MS = 200;
/**
 * Scans are spaced at least this many times their own last duration, so however many sockets
 * the host has (the kernel takes ~30 µs to print each one into /proc/net), scanning takes at
 * most a tenth of the time, a quarter while new flows wait.
 */
export const REFRESH_COST_FACTOR = 10;
export const ON_DEMAND_COST_FACTOR = 4;

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
  /** Why the last scan could not read or ask (no libc, the helper ended...), or null. */
  error: string | null;
}

export interface ScannerOptions {
  lookup: OwnerLookup;
  readSockets?: () => SocketEntry[];
  /** This host's addresses (in the capture's network namespace). */
  localAddresses?: () => Set<string>;
  now?: () => number;
}

export class SocketScanner {
  readonly directory = new SocketDirectory();
  readonly lookup: OwnerLookup;
  readonly stats: RefreshStats = {
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
  readonly #readSockets: () => SocketEntry[];
  readonly #localAddresses: () => Set<string>;
  readonly #now: () => number;
  #local = new Set<string>();
  #running: Promise<void> | null = null;
  #started = 0;
  #lastStart = -Infinity;

  constructor(options: ScannerOptions) {
    this.lookup = options.lookup;
    this.#readSockets = options.readSockets ?? (() => readProcNet());
    this.#localAddresses = options.localAddresses ?? hostAddresses;
    this.#now = options.now ?? Date.now;
  }

  /** This host's addresses as the latest scan read them. */
  get localAddresses(): ReadonlySet<string> {
    return this.#local;
  }

  /** Scans started; scan N, once in, is `directory.generation` N (one runs at a time). */
  get started(): number {
    return this.#started;
  }

  /** Scan now, or join the scan under way. */
  refresh(): Promise<void> {
    this.#running ??= this.#scan().finally(() => this.#running = null);
    return this.#running;
  }

  /** Whether a scan should start now: on schedule, or sooner while `waiting` flows wait. */
  due(waiting: number): boolean {
    if (this.#running !== null) return false;
    const since = performance.now() - this.#lastStart;
    const cost = this.stats.ms;
    return since >= Math.max(REFRESH_INTERVAL_MS, cost * REFRESH_COST_FACTOR) ||
      (waiting > 0 && since >= Math.max(MIN_REFRESH_GAP_MS, cost * ON_DEMAND_COST_FACTOR));
  }

  async #scan(): Promise<void> {
    const started = performance.now();
    this.#lastStart = started;
    this.#started++;
    const nowMs = this.#now();
    const stats = this.stats;
    stats.links = 0;
    stats.truncated = false;
    stats.error = null;
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
    let answered = asked.length === 0;
    if (!answered) {
      try {
        const answer = await this.lookup.lookup(asked);
        found = answer.owners;
        stats.links = answer.links;
        stats.truncated = answer.truncated;
        answered = true;
      } catch (error) {
        stats.error = error instanceof Error ? error.message : String(error);
      }
    }
    // Unanswered inodes are not cached as ownerless: the next scan asks again.
    this.directory.update(entries, answered ? asked : [], found, nowMs);
    stats.atMs = this.#now();
    stats.ms = performance.now() - started;
    stats.sockets = this.directory.sockets;
    stats.owned = this.directory.owned;
    stats.asked = asked.length;
    stats.scans++;
  }
}

/** This host's addresses, as the capture's network namespace has them now. */
function hostAddresses(): Set<string> {
  const out = new Set<string>();
  for (const i of Deno.networkInterfaces()) out.add(i.address.replace(/%.*$/, ""));
  return out;
}
