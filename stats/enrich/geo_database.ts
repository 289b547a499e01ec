/**
 * Country and ASN lookups in MaxMind-format (.mmdb) databases: the embedded DB-IP / ip-location-db
 * data or the user's own GeoLite2 files (`--geoip`, `--asn`).
 *
 * The file format is read by mmdb-lib (MIT, maintained by MaxMind contributors, zero
 * dependencies); this module checks what it is given, names the database kind from its
 * metadata, maps the record layouts of the known publishers to one shape, and keeps a bounded
 * LRU cache in front, since a capture asks about the same few thousand hosts over and over.
 * Lookups never throw: the database was checked when it was opened.
 */

import { Buffer } from "node:buffer";
import { Reader } from "./mmdb_lib.ts";
import { formatIPv4, parseAddress } from "../../capture/decode/ip_format.ts";
import { LruCache } from "./lru_cache.ts";

/**
 * Lookups remembered per database. Equal to the host table's cap (HOST_TABLE_CAP, 65,536), so
 * a snapshot that names the country of every tracked host hits the cache after its first pass;
 * at ~100 bytes an entry (key, Map slot, a small result object) it is ~6 MiB per database.
 */
export const GEO_CACHE_ENTRIES = 65_536;

/** "\xAB\xCD\xEFMaxMind.com": the metadata section starts after its last occurrence. */
const METADATA_MARKER = new Uint8Array([
  0xab,
  0xcd,
  0xef,
  0x4d,
  0x61,
  0x78,
  0x4d,
  0x69,
  0x6e,
  0x64,
  0x2e,
  0x63,
  0x6f,
  0x6d,
]);
/** The specification caps metadata at 128 KiB, so the marker lies within the file's tail. */
const METADATA_MAX_BYTES = 128 * 1024;

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

type MmdbRecord = Record<string, unknown>;

export class GeoDatabase {
  readonly #reader: Reader<MmdbRecord>;
  readonly #cache = new LruCache<string | number, Country | Asn | null>(GEO_CACHE_ENTRIES);
  /** One object per country code, so cached results share them. */
  readonly #countries = new Map<string, Country>();
  /** Lookups that failed inside the reader (a file damaged past the checks at open). */
  lookupErrors = 0;

  private constructor(
    reader: Reader<MmdbRecord>,
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
    if (!hasMetadataMarker(bytes)) {
      throw new GeoDatabaseError(
        `Cannot open ${what}: not a MaxMind database (no metadata marker)`,
      );
    }
    let reader: Reader<MmdbRecord>;
    try {
      reader = new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      // Walk the tree once so a truncated file fails here, not on the first packet.
      reader.get("1.1.1.1");
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new GeoDatabaseError(`Cannot open ${what}: corrupt MaxMind database (${why})`, {
        cause,
      });
    }
    const type = String(reader.metadata.databaseType ?? "");
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
    return new GeoDatabase(reader, kind, type, reader.metadata.buildEpoch);
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
    const result = this.#lookup(formatIPv4(addr));
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
    let record: MmdbRecord | null;
    try {
      record = this.#reader.get(unmapIPv4(ip));
    } catch {
      // Text that is no address, an IPv6 query on an IPv4-only file, or a damaged tree.
      this.lookupErrors++;
      return null;
    }
    if (record === null) return null;
    return this.kind === "country" ? this.#toCountry(record) : toAsn(record);
  }

  #toCountry(record: MmdbRecord): Country | null {
    // GeoLite2/GeoIP2 and DB-IP's own files: country.iso_code (registered_country when the
    // network has no physical location); ip-location-db files: a flat country_code.
    const geo = field(record, "country") ?? field(record, "registered_country");
    const code = text(geo?.["iso_code"]) ?? text(record["country_code"]);
    if (code === undefined) return null;
    let country = this.#countries.get(code);
    if (country === undefined) {
      const name = text(field(geo ?? {}, "names")?.["en"]) ?? regionName(code);
      country = { code, name };
      this.#countries.set(code, country);
    }
    return country;
  }
}

/** Which kind a `database_type` names: "GeoLite2-ASN", "GeoIP2-ISP", "GeoLite2-City", ... */
export function kindOfType(type: string): GeoKind | null {
  if (/asn|isp/i.test(type)) return "asn";
  if (/country|city|location/i.test(type)) return "country";
  return null;
}

function toAsn(record: MmdbRecord): Asn | null {
  const number = record["autonomous_system_number"];
  if (typeof number !== "number") return null;
  return { number, organization: text(record["autonomous_system_organization"]) ?? "" };
}

function hasMetadataMarker(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - METADATA_MAX_BYTES - METADATA_MARKER.length);
  outer: for (let i = bytes.length - METADATA_MARKER.length; i >= from; i--) {
    for (let j = 0; j < METADATA_MARKER.length; j++) {
      if (bytes[i + j] !== METADATA_MARKER[j]) continue outer;
    }
    return true;
  }
  return false;
}

/** ::ffff:a.b.c.d is the IPv4 address a.b.c.d (RFC 4291 section 2.5.5.2); files key it as IPv4. */
function unmapIPv4(ip: string): string {
  if (!ip.includes(":") || !/^::ffff:/i.test(ip)) return ip;
  const parsed = parseAddress(ip);
  if (parsed === null || parsed.len !== 16) return ip;
  const b = parsed.bytes;
  return `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
}

function regionName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

function field(record: MmdbRecord, key: string): MmdbRecord | undefined {
  const value = record[key];
  return typeof value === "object" && value !== null ? value as MmdbRecord : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
