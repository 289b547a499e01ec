/**
 * The statistics as people read them: the engine's numbers with names and places beside the
 * addresses. Enrichment happens only when a document is built (a snapshot, a page of flows or
 * packets), never per packet, so the hot path stays the engine's alone.
 *
 * Names come from the wire (DNS answers, TLS/QUIC SNI, HTTP Host: `NameStats`), optionally from
 * reverse DNS (`--resolve`); places from the MaxMind-format country and ASN databases; local
 * versus remote from the local networks.
 */
import type { NameBatch } from "../capture/name_batch.ts";
import { addressClassName, classifyAddress } from "./enrich/address_class.ts";
import type { GeoDatabase } from "./enrich/geo_database.ts";
import type { LocalNetworks } from "./enrich/local_networks.ts";
import type { ReverseDns } from "./enrich/reverse_dns.ts";
import type { StatsEngine } from "./engine.ts";
import type { FlowPage, FlowQuery } from "./flow_query.ts";
import type { HostRow } from "./host_table.ts";
import { NAME_REPORT_LIMIT } from "./name_counter.ts";
import { type PlaceTables, placeTables } from "./place_tables.ts";

export type { PlaceRow } from "./place_tables.ts";
import { type NamesSnapshot, NameStats } from "./name_stats.ts";
import type { SeriesData } from "./rate_series.ts";
import type { PacketQuery, PacketRecord } from "./recent_packets.ts";
import type { StatsSnapshot } from "./snapshot.ts";
import type { CaptureDrops } from "./totals.ts";

/**
 * Hosts (by bytes sent, and by bytes received) whose places are summed into the country and ASN
 * tables. The rest of a host table past this is the long tail of one-packet scanners, which a
 * country chart cannot show anyway; `places.hostsCovered` says how many were counted.
 */
export const PLACE_HOSTS = 1000;
/**
 * How long a computed country/AS table is reused. Ranking a full host table and looking up
 * thousands of addresses costs tens of milliseconds of main thread; countries change slowly, and
 * the SSE tick asks every second.
 */
export const PLACES_REFRESH_MS = 5000;

/** What is known about one address, beside it in every row that shows it. */
export interface AddressInfo {
  /** Best name: from DNS answers, SNI or Host seen on the wire, else reverse DNS; null if none. */
  name: string | null;
  /** ISO 3166 country code, or null (private, unknown). */
  country: string | null;
  asn: number | null;
  asOrganization: string | null;
  /** "global", "private", "loopback", "multicast", "broadcast", "linkLocal"... */
  class: string;
  /** True when the address is inside a local network. */
  local: boolean;
}

export type EnrichedSnapshot = StatsSnapshot & NamesSnapshot & {
  addresses: Record<string, AddressInfo>;
  places: PlaceTables & { localNetworks: string[] };
};

/** The country and ASN databases. */
export interface GeoDatabases {
  country: GeoDatabase;
  asn: GeoDatabase;
}

export interface EnrichmentOptions {
  /**
   * The databases, or a function giving them when first needed: the embedded ones take ~45 MB,
   * which a headless run only needs once the capture is over.
   */
  geo: GeoDatabases | (() => GeoDatabases);
  localNetworks: LocalNetworks;
  reverseDns?: ReverseDns;
  /** Epoch ms for name expiry: packet time for files, wall time live. */
  now?: () => number;
  /** Monotonic ms deciding when the country/AS tables are recomputed; default performance.now. */
  monotonicNow?: () => number;
}

export class EnrichedStats {
  readonly engine: StatsEngine;
  readonly names = new NameStats();
  readonly #options: EnrichmentOptions;
  #geo: GeoDatabases | undefined;
  #places: PlaceTables | undefined;
  #placesAt = -Infinity;

  constructor(engine: StatsEngine, options: EnrichmentOptions) {
    this.engine = engine;
    this.#options = options;
  }

  #databases(): GeoDatabases {
    const geo = this.#options.geo;
    this.#geo ??= typeof geo === "function" ? geo() : geo;
    return this.#geo;
  }

  ingestNames(batch: NameBatch): void {
    this.names.addBatch(batch, this.#now());
  }

  /**
   * Replace the capture's own cumulative counters: drops by kind (the engine's) and what reading
   * names lost (`nameReading`).
   */
  setCaptureCounters(
    drops: Partial<CaptureDrops>,
    reading: { faults: number; eventsDropped: number },
  ): void {
    this.engine.setCaptureDrops(drops);
    this.names.setReading(reading);
  }

  /** Name, place and class of one address. */
  describe(ip: string): AddressInfo {
    const o = this.#options;
    const klass = classifyAddress(ip);
    const global = klass !== null && addressClassName(klass) === "global";
    const country = global ? this.#databases().country.country(ip) : null;
    const asn = global ? this.#databases().asn.asn(ip) : null;
    let name = this.names.nameOf(ip, this.#now()) ?? null;
    if (name === null && o.reverseDns && global) {
      name = o.reverseDns.lookup(ip) ?? null;
      if (name === null) o.reverseDns.request(ip);
    }
    return {
      // An address "named" by its own text (a PTR or hosts entry of 127.0.0.1) says nothing.
      name: name !== null && sameAddressText(name, ip) ? null : name,
      country: country?.code ?? null,
      asn: asn?.number ?? null,
      asOrganization: asn?.organization ?? null,
      class: klass === null ? "unknown" : addressClassName(klass),
      local: o.localNetworks.contains(ip),
    };
  }

  /**
   * The statistics document; its name tables list the `nameLimit` most counted names each
   * (`EVERY_NAME` for all the tables hold, as `--report json` prints them).
   */
  snapshot(nameLimit = NAME_REPORT_LIMIT): EnrichedSnapshot {
    const base = this.engine.snapshot();
    const addresses: Record<string, AddressInfo> = {};
    const note = (ip: string) => {
      if (ip && !(ip in addresses)) addresses[ip] = this.describe(ip);
    };
    for (const row of [...base.topSources, ...base.topDestinations]) note(row.ip);
    for (const row of [...base.topSourcesByBytes, ...base.topDestinationsByBytes]) note(row.ip);
    return {
      ...base,
      ...this.names.snapshot(nameLimit),
      addresses,
      places: { ...this.#cachedPlaces(), localNetworks: this.#options.localNetworks.list() },
    };
  }

  flows(query?: FlowQuery): FlowPage & { addresses: Record<string, AddressInfo> } {
    const page = this.engine.flows(query?.expression ? { ...query, ...this.#wordSources } : query);
    const addresses: Record<string, AddressInfo> = {};
    for (const flow of page.flows) {
      for (const ip of [flow.aIp, flow.bIp]) addresses[ip] ??= this.describe(ip);
    }
    return { ...page, addresses };
  }

  packets(query?: PacketQuery): PacketRecord[] {
    return this.engine.packets(query?.expression ? { ...query, ...this.#wordSources } : query);
  }

  series(window?: string): SeriesData {
    return this.engine.series(window);
  }

  /** The name seen for an address (no lookups sent): what the display filter's words match. */
  readonly #nameOf = (ip: string): string | null => this.names.nameOf(ip, this.#now()) ?? null;

  /**
   * The country of a public address, "unknown" where the database has none, null for the rest
   * (private, local, multicast: no place): what the display filter's `country` matches.
   */
  readonly #countryOf = (ip: string): string | null => {
    const klass = classifyAddress(ip);
    if (klass === null || addressClassName(klass) !== "global") return null;
    return this.#databases().country.country(ip)?.code ?? "unknown";
  };

  /** What a display filter's words are matched against besides a row's own text. */
  readonly #wordSources = { nameOf: this.#nameOf, countryOf: this.#countryOf };

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }

  /**
   * Drop the cached country/AS tables so the next document computes them anew: when a file has
   * been read to its end, its final places should not wait out `PLACES_REFRESH_MS` behind a
   * table taken mid-read.
   */
  refreshPlaces(): void {
    this.#places = undefined;
  }

  #cachedPlaces(): PlaceTables {
    const now = (this.#options.monotonicNow ?? performance.now.bind(performance))();
    if (!this.#places || now - this.#placesAt >= PLACES_REFRESH_MS) {
      this.#places = this.#computePlaces();
      this.#placesAt = now;
    }
    return this.#places;
  }

  /** Countries and ASNs by traffic of the busiest hosts, both directions counted. */
  #computePlaces(): PlaceTables {
    const hosts = new Map<string, HostRow>();
    for (const rank of ["tx-bytes", "rx-bytes"] as const) {
      for (const row of this.engine.hosts(rank, PLACE_HOSTS)) hosts.set(row.ip, row);
    }
    return placeTables(hosts.values(), this.#databases());
  }
}

/** Whether a name is just the address written out (any case; IPv6 in brackets or not). */
function sameAddressText(name: string, ip: string): boolean {
  return name.replace(/^\[|\]$/g, "").toLowerCase() === ip.toLowerCase();
}
