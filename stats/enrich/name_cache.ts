/**
 * Host names learned from the DNS answers seen on the wire: an A or AAAA record "name -> address"
 * read backwards, so a flow to 142.250.185.78 can be shown as www.google.com, the name the host
 * itself asked for (which a PTR lookup would not give). Nothing is sent anywhere.
 *
 * The clock is passed in (packet time for a capture file, wall time live), so expiry follows
 * the capture. Memory is bounded by an LRU over addresses and a cap on names per address.
 */

import { LruSlots } from "./lru_cache.ts";

/**
 * Addresses remembered. A busy LAN resolves a few thousand distinct addresses an hour; this
 * holds a day of that, and at ~200 bytes an entry (key, Map slot, slots for four names and
 * their expiries) costs ~3 MiB.
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

/** Addresses there is room for at first; the room doubles as more arrive. */
const FIRST_SLOTS = 256;

export class NameCache {
  /** Addresses, each with a slot; slot `s` owns `MAX_NAMES_PER_ADDRESS` entries from `s * MAX`. */
  readonly #addresses = new LruSlots<string>(NAME_CACHE_ENTRIES);
  /** Names per slot, most recently learned first; `#counts` says how many are real. */
  #names: string[] = [];
  #expiresMs = new Float64Array(0);
  #counts = new Uint8Array(0);

  /**
   * Record that `name` resolved to `address` with the answer's TTL, seen at `nowMs`. The name
   * moves to the front of the address's list; names and addresses are compared as given, so
   * callers pass lowercase names without the trailing dot and canonical address text. Changes
   * arrays in place: an answer repeating what is known (a resolver refreshing the same records)
   * only moves an expiry, and no answer makes garbage.
   */
  learn(address: string, name: string, ttlSeconds: number, nowMs: number): void {
    const ttl = Math.min(MAX_NAME_TTL_SECONDS, Math.max(MIN_NAME_TTL_SECONDS, ttlSeconds || 0));
    const expiresMs = nowMs + ttl * 1000;
    let slot = this.#addresses.use(address);
    if (slot < 0) {
      slot = this.#addresses.add(address);
      if (slot >= this.#counts.length) this.#grow();
      this.#counts[slot] = 0;
    }
    const names = this.#names;
    const expires = this.#expiresMs;
    const first = slot * MAX_NAMES_PER_ADDRESS;
    const count = this.#counts[slot] ?? 0;
    if (count > 0 && names[first] === name) {
      expires[first] = expiresMs;
      return;
    }
    let at = 1;
    while (at < count && names[first + at] !== name) at++;
    if (at >= count) {
      // A new name: one more, or in place of the least recent when the list is full.
      at = Math.min(count, MAX_NAMES_PER_ADDRESS - 1);
      this.#counts[slot] = at + 1;
    }
    for (let i = first + at; i > first; i--) {
      names[i] = names[i - 1] ?? "";
      expires[i] = expires[i - 1] ?? 0;
    }
    names[first] = name;
    expires[first] = expiresMs;
  }

  /** The most recently learned name of `address` that has not expired at `nowMs`. */
  lookup(address: string, nowMs: number): string | undefined {
    const slot = this.#live(address, nowMs);
    return slot < 0 ? undefined : this.#names[slot * MAX_NAMES_PER_ADDRESS];
  }

  /** Every unexpired name of `address`, most recent first; empty when none. */
  names(address: string, nowMs: number): string[] {
    const slot = this.#live(address, nowMs);
    if (slot < 0) return [];
    const first = slot * MAX_NAMES_PER_ADDRESS;
    return this.#names.slice(first, first + (this.#counts[slot] ?? 0));
  }

  /** Addresses held (expired ones leave when next looked up or pushed out by the LRU). */
  get size(): number {
    return this.#addresses.size;
  }

  /**
   * The slot of `address` once its names expired at `nowMs` are dropped (the rest keep their
   * order), marking it recently used; -1, and the address forgotten, when none is left.
   */
  #live(address: string, nowMs: number): number {
    const slot = this.#addresses.use(address);
    if (slot < 0) return -1;
    const names = this.#names;
    const expires = this.#expiresMs;
    const first = slot * MAX_NAMES_PER_ADDRESS;
    const count = this.#counts[slot] ?? 0;
    let kept = 0;
    for (let i = first; i < first + count; i++) {
      const expiresMs = expires[i] ?? 0;
      if (expiresMs <= nowMs) continue;
      names[first + kept] = names[i] ?? "";
      expires[first + kept++] = expiresMs;
    }
    this.#counts[slot] = kept;
    if (kept > 0) return slot;
    this.#addresses.delete(address);
    return -1;
  }

  /** Make room for the slots the LRU hands out, doubling. */
  #grow(): void {
    const slots = Math.min(
      NAME_CACHE_ENTRIES,
      Math.max(FIRST_SLOTS, this.#addresses.slots, 2 * this.#counts.length),
    );
    const counts = new Uint8Array(slots);
    const expires = new Float64Array(slots * MAX_NAMES_PER_ADDRESS);
    counts.set(this.#counts);
    expires.set(this.#expiresMs);
    this.#counts = counts;
    this.#expiresMs = expires;
    while (this.#names.length < expires.length) this.#names.push("");
  }
}
