/**
 * Opt-in reverse DNS (`--resolve`): PTR lookups for the addresses a capture shows, run off the
 * packet path. `request()` only enqueues and returns at once; a few lookups run concurrently in
 * the background; `lookup()` answers from the cache or not at all. Failures are cached too
 * (negative caching, RFC 2308), so an address without a PTR record is asked about once, not
 * once per snapshot.
 *
 * This is the only part of enrichment that sends packets, to the system's resolver, and only
 * when the user turned it on. The resolver is injected so tests never touch the network.
 */

import { formatIPv4Bytes, parseAddress } from "../../net/ip_format.ts";
import { AddressClass, classifyBytes, isBogon } from "./address_class.ts";
import { LruCache } from "./lru_cache.ts";

/**
 * Addresses waiting for a lookup. A snapshot asks about tens of hosts (top talkers, visible
 * flows); 256 is several snapshots' worth, and past it requests are dropped (and asked again
 * by a later snapshot) instead of growing a backlog behind a slow resolver.
 */
export const RDNS_QUEUE_CAP = 256;
/** Lookups in flight at once: enough to keep up, few enough not to flood a home router. */
export const RDNS_CONCURRENCY = 4;
/** Results remembered, the same order as the name cache's addresses. */
export const RDNS_CACHE_ENTRIES = 16_384;
/**
 * How long a found name is kept. Deno.resolveDns does not return the record's TTL, so an
 * hour stands in: PTR records change rarely and a stale one only mislabels a host.
 */
export const RDNS_POSITIVE_TTL_MS = 3_600_000;
/** How long "no name" is kept: RFC 2308 section 5 suggests 1-3 hours; shorter heals faster. */
export const RDNS_NEGATIVE_TTL_MS = 600_000;
/** A lookup slower than this is abandoned and cached as failed. */
export const RDNS_TIMEOUT_MS = 5_000;

/** Resolve a PTR owner name ("8.8.8.8.in-addr.arpa") to its target names. */
export type PtrResolver = (ptrName: string, signal: AbortSignal) => Promise<string[]>;

export interface ReverseDnsOptions {
  resolve?: PtrResolver;
  /** Clock for cache expiry; Date.now unless a test needs another. */
  now?: () => number;
  timeoutMs?: number;
}

interface Result {
  name: string | null;
  expiresMs: number;
}

/** The system resolver through Deno (needs --allow-net). */
export const systemPtrResolver: PtrResolver = (name, signal) =>
  Deno.resolveDns(name, "PTR", { signal });

export class ReverseDns {
  readonly #resolve: PtrResolver;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  readonly #cache = new LruCache<string, Result>(RDNS_CACHE_ENTRIES);
  readonly #queue: string[] = [];
  readonly #pending = new Set<string>();
  readonly #controller = new AbortController();
  readonly #idleWaiters: (() => void)[] = [];
  #inFlight = 0;
  /** Requests refused because the queue was full. */
  dropped = 0;
  /** Lookups that ended in an error or timeout (cached as "no name"). */
  failed = 0;

  constructor(options: ReverseDnsOptions = {}) {
    this.#resolve = options.resolve ?? systemPtrResolver;
    this.#now = options.now ?? Date.now;
    this.#timeoutMs = options.timeoutMs ?? RDNS_TIMEOUT_MS;
  }

  /**
   * Ask for the name of `ip` in the background. Returns false when nothing was queued: already
   * cached, already pending, an address no PTR exists for (multicast, bogons), text that is no
   * address, closed, or the queue full (counted in `dropped`).
   */
  request(ip: string): boolean {
    if (this.#controller.signal.aborted || this.#pending.has(ip)) return false;
    const cached = this.#cache.peek(ip);
    if (cached !== undefined && cached.expiresMs > this.#now()) return false;
    const name = ptrName(ip);
    if (name === null) return false;
    if (this.#queue.length >= RDNS_QUEUE_CAP) {
      this.dropped++;
      return false;
    }
    this.#pending.add(ip);
    this.#queue.push(ip);
    this.#pump();
    return true;
  }

  /** The cached name of `ip`; undefined when unknown, not yet resolved, or without a PTR. */
  lookup(ip: string): string | undefined {
    const cached = this.#cache.get(ip);
    if (cached === undefined || cached.expiresMs <= this.#now()) return undefined;
    return cached.name ?? undefined;
  }

  /** Addresses queued and not yet started. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Lookups running now (at most RDNS_CONCURRENCY). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Resolves once nothing is queued or running: for shutdown and tests, never the hot path. */
  idle(): Promise<void> {
    if (this.#queue.length === 0 && this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Abandon queued and running lookups; later requests are ignored. Idempotent. */
  close(): void {
    this.#controller.abort();
    for (const ip of this.#queue) this.#pending.delete(ip);
    this.#queue.length = 0;
    this.#settle();
  }

  #pump(): void {
    while (this.#inFlight < RDNS_CONCURRENCY && this.#queue.length > 0) {
      const ip = this.#queue.shift() as string;
      this.#inFlight++;
      this.#run(ip).finally(() => {
        this.#inFlight--;
        this.#pending.delete(ip);
        this.#pump();
        this.#settle();
      });
    }
  }

  async #run(ip: string): Promise<void> {
    const signal = AbortSignal.any([
      this.#controller.signal,
      AbortSignal.timeout(this.#timeoutMs),
    ]);
    let name: string | null = null;
    try {
      const names = await this.#resolve(ptrName(ip) as string, signal);
      const first = names[0];
      if (first !== undefined && first !== "") name = first.replace(/\.$/, "").toLowerCase();
    } catch {
      // NXDOMAIN, SERVFAIL, timeout: all mean "no name to show" for now.
      this.failed++;
    }
    if (this.#controller.signal.aborted) return;
    const ttl = name === null ? RDNS_NEGATIVE_TTL_MS : RDNS_POSITIVE_TTL_MS;
    this.#cache.set(ip, { name, expiresMs: this.#now() + ttl });
  }

  #settle(): void {
    if (this.#queue.length > 0 || this.#inFlight > 0) return;
    for (const wake of this.#idleWaiters.splice(0)) wake();
  }
}

/**
 * The PTR owner name of an address: reversed octets under in-addr.arpa (RFC 1035 section 3.5),
 * reversed nibbles under ip6.arpa (RFC 3596 section 2.5); IPv4-mapped IPv6 as its IPv4 address.
 * Null for text that is no address and for classes no PTR is published for.
 */
export function ptrName(ip: string): string | null {
  const parsed = parseAddress(ip);
  if (parsed === null) return null;
  const cls = classifyBytes(parsed.bytes, parsed.len);
  if (isBogon(cls) || cls === AddressClass.multicast || cls === AddressClass.broadcast) {
    return null;
  }
  const b = parsed.bytes;
  const mapped = parsed.len === 16 && b.subarray(0, 10).every((x) => x === 0) &&
    b[10] === 0xff && b[11] === 0xff;
  if (parsed.len === 4 || mapped) {
    const v4 = formatIPv4Bytes(b, parsed.len === 4 ? 0 : 12).split(".");
    return `${v4.reverse().join(".")}.in-addr.arpa`;
  }
  const nibbles: string[] = [];
  for (let i = 15; i >= 0; i--) {
    const byte = b[i] ?? 0;
    nibbles.push((byte & 0xf).toString(16), (byte >> 4).toString(16));
  }
  return `${nibbles.join(".")}.ip6.arpa`;
}
