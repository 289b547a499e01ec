/**
 * Country and ASN lookups in MaxMind-format (.mmdb) databases: the embedded DB-IP / ip-location-db
 * data or the user's own GeoLite2 files (`--geoip`, `--asn`).
 *
 * The file format is read by our own MmdbReader (no npm, no Node compatibility layer); this
 * module checks what it is given, names the database kind from its metadata, maps the record
 * layouts of the known publishers to one shape, and keeps a bounded LRU cache by address in
 * front, since a capture asks about the same few thousand hosts over and over. Behind it, results
 * are kept by record too: many networks share one record (one per country, one per AS), and only
 * the fields used are read from it. Lookups never throw: the database was checked when opened.
 */

import { parseAddress } from "../../net/ip_format.ts";
import { LruCache } from "./lru_cache.ts";
import { findMetadataStart, MMDB_NOT_FOUND, MmdbReader, MmdbType } from "./mmdb_reader.ts";

/**
 * Lookups remembered per database. Equal to the host table's cap (HOST_TABLE_CAP, 65,536), so
 * a snapshot that names the country of every tracked host hits the cache after its first pass;
 * at ~100 bytes an entry (key, Map slot, a small result object) it is ~6 MiB per database.
 */
export const GEO_CACHE_ENTRIES = 65_536;
/**
 * Results kept per database record (by data offset). A capture meets a few hundred countries
 * and a few thousand ASes; at ~150 bytes a result this is at most ~2.5 MiB, emptied when full.
 */
export const GEO_RECORD_RESULTS = 16_384;

export type GeoKind = "country" | "asn";

export interface Country {
  /** ISO 3166-1 alpha-2, "DE". */
  code: string;
  /** English name, "Germany". */
  name: string;
}

export interface Asn {
  number: number;
  /** The AS holder's name; empty when the database has none. */
  organization: string;
}

/** A GeoIP database could not be opened or is not the kind that was asked for. */
export class GeoDatabaseError extends Error {
  override name = "GeoDatabaseError";
}

/** Words for error messages, by the kind the caller wanted. */
const KIND_LABEL: Record<GeoKind, string> = { country: "GeoIP", asn: "ASN" };
const KIND_FLAG: Record<GeoKind, string> = { country: "--geoip", asn: "--asn" };

const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });

/** Record paths read (GeoLite2 / DB-IP layouts, then ip-location-db's flat one). */
const COUNTRY = ["country"];
const REGISTERED_COUNTRY = ["registered_country"];
const COUNTRY_CODE = ["country_code"];
const ISO_CODE = {
  country: ["country", "iso_code"],
  registered: ["registered_country", "iso_code"],
};
const NAME_EN = {
  country: ["country", "names", "en"],
  registered: ["registered_country", "names", "en"],
};
const ASN_NUMBER = ["autonomous_system_number"];
const ASN_ORGANIZATION = ["autonomous_system_organization"];
/** 1.1.1.1: looked up at open so a damaged tree or data section fails there. */
const PROBE_ADDRESS = 0x01010101;

export class GeoDatabase {
  readonly #reader: MmdbReader;
  readonly #cache = new LruCache<string | number, Country | Asn | null>(GEO_CACHE_ENTRIES);
  /** Results by data offset: addresses of one record share them. */
  readonly #byRecord = new Map<number, Country | Asn | null>();
  /** One object per country code, so cached results share them. */
  readonly #countries = new Map<string, Country>();
  /** Lookups that failed inside the reader (a file damaged past the checks at open). */
  lookupErrors = 0;

  private constructor(
    reader: MmdbReader,
    readonly kind: GeoKind,
    readonly databaseType: string,
    readonly buildDate: Date,
  ) {
    this.#reader = reader;
  }

  /**
   * Open a database from its bytes. `label` names it in errors (a path, "embedded country").
   * When `expected` is given, a database of the other kind is refused with a message that says
   * which flag it belongs to.
   */
  static fromBytes(bytes: Uint8Array, label: string, expected?: GeoKind): GeoDatabase {
    const what = `${KIND_LABEL[expected ?? "country"]} database "${label}"`;
    if (findMetadataStart(bytes) < 0) {
      throw new GeoDatabaseError(
        `Cannot open ${what}: not a MaxMind database (no metadata marker)`,
      );
    }
    let reader: MmdbReader;
    try {
      reader = new MmdbReader(bytes);
      // Walk the tree once so a truncated file fails here, not on the first packet.
      const probe = reader.lookupIPv4(PROBE_ADDRESS);
      if (probe !== MMDB_NOT_FOUND) reader.record(probe);
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new GeoDatabaseError(`Cannot open ${what}: corrupt MaxMind database (${why})`, {
        cause,
      });
    }
    const type = reader.metadata.databaseType;
    const kind = kindOfType(type);
    if (kind === null || (expected !== undefined && kind !== expected)) {
      const is = kind === null
        ? `database_type "${type}" is neither a country nor an ASN database`
        : `it is ${kind === "asn" ? "an ASN" : "a country"} database (database_type "${type}"), ` +
          `give it to ${KIND_FLAG[kind]}`;
      throw new GeoDatabaseError(
        `Cannot use ${what} for ${KIND_FLAG[expected ?? "country"]}: ${is}`,
      );
    }
    return new GeoDatabase(reader, kind, type, new Date(reader.metadata.buildEpoch * 1000));
  }
  /** Read and open the file at `path` (see fromBytes). */
  static open(path: string, expected?: GeoKind): GeoDatabase {
    let bytes: Uint8Array;
    try {
      bytes = Deno.readFileSync(path);
    } catch (cause) {
      const why = cause instanceof Deno.errors.NotFound
        ? "no such file"
        : cause instanceof Deno.errors.PermissionDenied
        ? "permission denied"
        : cause instanceof Deno.errors.IsADirectory
        ? "is a directory"
        : cause instanceof Error
        ? cause.message
        : String(cause);
      throw new GeoDatabaseError(
        `Cannot open ${KIND_LABEL[expected ?? "country"]} database "${path}": ${why}`,
        { cause },
      );
    }
    return GeoDatabase.fromBytes(bytes, path, expected);
  }

  /** Country of an address given as text; null when unknown or when this is an ASN database. */
  country(ip: string): Country | null {
    return this.kind === "country" ? this.#cached(ip, ip) as Country | null : null;
  }

  /** Country of an IPv4 address held as an unsigned 32-bit number (the hot-path form). */
  countryIPv4(addr: number): Country | null {
    return this.kind === "country" ? this.#cachedIPv4(addr) as Country | null : null;
  }

  /** Autonomous system of an address given as text; null when unknown or not an ASN database. */
  asn(ip: string): Asn | null {
    return this.kind === "asn" ? this.#cached(ip, ip) as Asn | null : null;
  }

  /** Autonomous system of an IPv4 address held as an unsigned 32-bit number. */
  asnIPv4(addr: number): Asn | null {
    return this.kind === "asn" ? this.#cachedIPv4(addr) as Asn | null : null;
  }

  /** Entries in the lookup cache (at most GEO_CACHE_ENTRIES). */
  get cacheSize(): number {
    return this.#cache.size;
  }

  #cachedIPv4(addr: number): Country | Asn | null {
    const hit = this.#cache.get(addr);
    if (hit !== undefined) return hit;
    let result: Country | Asn | null;
    try {
      result = this.#resultAt(this.#reader.lookupIPv4(addr));
    } catch {
      this.lookupErrors++;
      result = null;
    }
    this.#cache.set(addr, result);
    return result;
  }

  #cached(key: string, ip: string): Country | Asn | null {
    const hit = this.#cache.get(key);
    if (hit !== undefined) return hit;
    const result = this.#lookup(ip);
    this.#cache.set(key, result);
    return result;
  }

  #lookup(ip: string): Country | Asn | null {
    const parsed = parseAddress(ip);
    try {
      if (parsed === null) throw new SyntaxError(`Cannot look up "${ip}": not an address`);
      const b = parsed.bytes;
      // ::ffff:a.b.c.d is the IPv4 address a.b.c.d (RFC 4291 section 2.5.5.2); files key it
      // as IPv4.
      return this.#resultAt(
        isMappedIPv4(b)
          ? this.#reader.lookupIPv4(new DataView(b.buffer, b.byteOffset + 12, 4).getUint32(0))
          : this.#reader.lookup(b),
      );
    } catch {
      // Text that is no address, an IPv6 query on an IPv4-only file, or a damaged tree.
      this.lookupErrors++;
      return null;
    }
  }

  /** The result for the record at a data offset, kept by offset. */
  #resultAt(offset: number): Country | Asn | null {
    if (offset === MMDB_NOT_FOUND) return null;
    let result = this.#byRecord.get(offset);
    if (result === undefined) {
      result = this.kind === "country" ? this.#toCountry(offset) : this.#toAsn(offset);
      if (this.#byRecord.size >= GEO_RECORD_RESULTS) this.#byRecord.clear();
      this.#byRecord.set(offset, result);
    }
    return result;
  }

  #toCountry(offset: number): Country | null {
    // GeoLite2/GeoIP2 and DB-IP's own files: country.iso_code (registered_country when the
    // network has no physical location); ip-location-db files: a flat country_code.
    const r = this.#reader;
    const geo = isStructure(r.typeAt(offset, COUNTRY))
      ? "country"
      : isStructure(r.typeAt(offset, REGISTERED_COUNTRY))
      ? "registered"
      : null;
    const code = text(geo === null ? undefined : r.readPath(offset, ISO_CODE[geo])) ??
      text(r.readPath(offset, COUNTRY_CODE));
    if (code === undefined) return null;
    let country = this.#countries.get(code);
    if (country === undefined) {
      const name = text(geo === null ? undefined : r.readPath(offset, NAME_EN[geo])) ??
        regionName(code);
      country = { code, name };
      this.#countries.set(code, country);
    }
    return country;
  }

  #toAsn(offset: number): Asn | null {
    const number = this.#reader.readPath(offset, ASN_NUMBER);
    if (typeof number !== "number") return null;
    return {
      number,
      organization: text(this.#reader.readPath(offset, ASN_ORGANIZATION)) ?? "",
    };
  }
}

/** Which kind a `database_type` names: "GeoLite2-ASN", "GeoIP2-ISP", "GeoLite2-City", ... */
export function kindOfType(type: string): GeoKind | null {
  if (/asn|isp/i.test(type)) return "asn";
  if (/country|city|location/i.test(type)) return "country";
  return null;
}

/** A map or an array: where the old object-based reading found "an object" at a key. */
function isStructure(type: number): boolean {
  return type === MmdbType.map || type === MmdbType.array;
}

/** ::ffff:0:0/96, IPv4-mapped IPv6 addresses (RFC 4291 section 2.5.5.2). */
function isMappedIPv4(b: Uint8Array): boolean {
  if (b.length !== 16 || b[10] !== 0xff || b[11] !== 0xff) return false;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return true;
}

function regionName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
