/**
 * Host names learned from the DNS answers seen on the wire: an A or AAAA record "name -> address"
 * read backwards, so a flow to 142.250.185.78 can be shown as www.google.com, the name the host
 * itself asked for (which a PTR lookup would not give). Nothing is sent anywhere.
 *
 * The clock is passed in (packet time for a capture file, wall time live), so expiry follows
 * the capture. Memory is bounded by an LRU over addresses and a cap on names per address.
 */

import { LruCache } from "./lru_cache.ts";

/**
 * Addresses remembered. A busy LAN resolves a few thousand distinct addresses an hour; this
 * holds a day of that, and at ~200 bytes an entry (key, Map slot, one or two short names)
 * costs ~3 MiB.
 */
export const NAME_CACHE_ENTRIES = 16_384;

/**
 * Names kept per address, most recent first. CDN and shared-hosting addresses answer for many
 * names; the first few are the ones worth showing, and the cap bounds the work per answer.
 */
export const MAX_NAMES_PER_ADDRESS = 4;

/**
 * Shortest time a learned name is kept, in seconds. CDNs answer with TTLs of 20-60 s, yet the
 * connection a host opens right after the answer runs for minutes and is still "that name";
 * RFC 1035 section 3.2.1 TTLs govern re-use by resolvers, not labels on traffic already seen.
 */
export const MIN_NAME_TTL_SECONDS = 300;

/**
 * Longest time a learned name is kept, in seconds. TTLs go up to 2^31 - 1 (RFC 2181 section 8);
 * a day stops an address that moved to another owner from keeping its old name for weeks.
 */
export const MAX_NAME_TTL_SECONDS = 86_400;

interface Learned {
  name: string;
  expiresMs: number;
}

export class NameCache {
  readonly #entries = new LruCache<string, Learned[]>(NAME_CACHE_ENTRIES);

  /**
   * Record that `name` resolved to `address` with the answer's TTL, seen at `nowMs`. The name
   * moves to the front of the address's list; names and addresses are compared as given, so
   * callers pass lowercase names without the trailing dot and canonical address text.
   */
  learn(address: string, name: string, ttlSeconds: number, nowMs: number): void {
    const ttl = Math.min(MAX_NAME_TTL_SECONDS, Math.max(MIN_NAME_TTL_SECONDS, ttlSeconds || 0));
    const expiresMs = nowMs + ttl * 1000;
    const list = this.#entries.get(address) ?? [];
    const at = list.findIndex((e) => e.name === name);
    if (at >= 0) list.splice(at, 1);
    list.unshift({ name, expiresMs });
    if (list.length > MAX_NAMES_PER_ADDRESS) list.length = MAX_NAMES_PER_ADDRESS;
    this.#entries.set(address, list);
  }

  /** The most recently learned name of `address` that has not expired at `nowMs`. */
  lookup(address: string, nowMs: number): string | undefined {
    return this.#live(address, nowMs)?.[0]?.name;
  }

  /** Every unexpired name of `address`, most recent first; empty when none. */
  names(address: string, nowMs: number): string[] {
    return this.#live(address, nowMs)?.map((e) => e.name) ?? [];
  }

  /** Addresses held (expired ones leave when next looked up or pushed out by the LRU). */
  get size(): number {
    return this.#entries.size;
  }

  #live(address: string, nowMs: number): Learned[] | undefined {
    const list = this.#entries.get(address);
    if (list === undefined) return undefined;
    if (list.every((e) => e.expiresMs > nowMs)) return list;
    const live = list.filter((e) => e.expiresMs > nowMs);
    if (live.length === 0) {
      this.#entries.delete(address);
      return undefined;
    }
    this.#entries.set(address, live);
    return live;
  }
}
