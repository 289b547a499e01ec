/**
 * A reader of MaxMind DB (.mmdb) files, written from the MaxMind DB File Format Specification
 * 2.0 (https://maxmind.github.io/MaxMind-DB/), over the file's bytes as they are.
 *
 * Layout: a binary search tree over the address bits (`node_count` nodes of two records of
 * `record_size` bits: left for a 0 bit, right for a 1 bit), 16 zero bytes, the data section,
 * then "\xAB\xCD\xEFMaxMind.com" and the metadata map. A record below `node_count` is a node,
 * equal to it means "no data", above it is `node_count + 16 + offset` into the data section.
 *
 * A lookup returns the data offset, so callers can keep what they derive per record (many
 * addresses share one) and read only the fields they need (`readPath`) instead of whole records.
 */

import { MmdbDecoder } from "./mmdb_decoder.ts";
import { type MmdbData, MmdbFormatError } from "./mmdb_format.ts";

export { type MmdbData, MmdbFormatError, MmdbType } from "./mmdb_format.ts";

/** "\xAB\xCD\xEFMaxMind.com": the metadata section starts after its last occurrence. */
const METADATA_MARKER = [0xab, 0xcd, 0xef, ...new TextEncoder().encode("MaxMind.com")];
/** The specification caps metadata at 128 KiB, so the marker lies within the file's tail. */
const METADATA_MAX_BYTES = 128 * 1024;
/** Zero bytes between the search tree and the data section. */
const DATA_SEPARATOR = 16;
/** IPv4 a.b.c.d lives at ::a.b.c.d in an IPv6 tree: after 96 zero bits. */
const IPV4_IN_IPV6_BITS = 96;
/** Lookup result for an address the database has no data for. */
export const MMDB_NOT_FOUND = -1;
/**
 * Whole records kept by `record()`. Databases hold few distinct records next to their networks
 * (DB-IP country: one per country; ASN files: some 100k); a cache this size holds what a
 * capture touches, and is emptied when full so it stays bounded.
 */
export const MMDB_RECORD_CACHE_ENTRIES = 4_096;

export interface MmdbMetadata {
  readonly nodeCount: number;
  readonly recordSize: 24 | 28 | 32;
  readonly ipVersion: 4 | 6;
  readonly databaseType: string;
  /** Seconds since the epoch. */
  readonly buildEpoch: number;
  readonly languages: readonly string[];
  /** Description by language code. */
  readonly description: Readonly<Record<string, string>>;
  readonly binaryFormatMajorVersion: number;
  readonly binaryFormatMinorVersion: number;
}

/** Index of the first metadata byte (after the last marker), or -1 when there is no marker. */
export function findMetadataStart(bytes: Uint8Array): number {
  const n = METADATA_MARKER.length;
  const from = Math.max(0, bytes.length - METADATA_MAX_BYTES - n);
  outer: for (let i = bytes.length - n; i >= from; i--) {
    for (let j = 0; j < n; j++) {
      if (bytes[i + j] !== METADATA_MARKER[j]) continue outer;
    }
    return i + n;
  }
  return -1;
}

export class MmdbReader {
  readonly metadata: MmdbMetadata;
  readonly #view: DataView;
  readonly #data: MmdbDecoder;
  readonly #nodeCount: number;
  readonly #nodeBytes: number;
  /** Where IPv4 lookups start: the node reached after 96 zero bits in an IPv6 tree. */
  readonly #ipv4Start: number;
  readonly #records = new Map<number, MmdbData>();
  #prefixLength = 0;

  /** Open a database; throws MmdbFormatError when the file is not one or is damaged. */
  constructor(bytes: Uint8Array) {
    const metaStart = findMetadataStart(bytes);
    if (metaStart < 0) throw new MmdbFormatError("no metadata marker");
    this.metadata = readMetadata(new MmdbDecoder(bytes, metaStart, bytes.length));
    const { nodeCount, recordSize } = this.metadata;
    this.#nodeCount = nodeCount;
    this.#nodeBytes = recordSize / 4;
    const treeBytes = nodeCount * this.#nodeBytes;
    const markerStart = metaStart - METADATA_MARKER.length;
    if (treeBytes + DATA_SEPARATOR > markerStart) {
      throw new MmdbFormatError(
        `search tree of ${nodeCount} nodes (${treeBytes} bytes) does not fit before the ` +
          `metadata at byte ${markerStart}`,
      );
    }
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, treeBytes);
    this.#data = new MmdbDecoder(bytes, treeBytes + DATA_SEPARATOR, markerStart);
    let node = 0;
    if (this.metadata.ipVersion === 6) {
      for (let depth = 0; depth < IPV4_IN_IPV6_BITS && node < nodeCount; depth++) {
        node = this.#record(node, 0);
      }
    }
    this.#ipv4Start = node;
  }

  /** Prefix length of the network that the last lookup's answer covers (in the query's family). */
  get prefixLength(): number {
    return this.#prefixLength;
  }

  /** Data offset for an IPv4 address as an unsigned 32-bit number, or MMDB_NOT_FOUND. */
  lookupIPv4(addr: number): number {
    let node = this.#ipv4Start;
    let depth = 0;
    for (; depth < 32 && node < this.#nodeCount; depth++) {
      node = this.#record(node, (addr >>> (31 - depth)) & 1);
    }
    return this.#leaf(node, depth);
  }

  /** Data offset for an address of 4 or 16 bytes (network order), or MMDB_NOT_FOUND. */
  lookup(address: Uint8Array): number {
    if (address.length === 4) {
      const a = new DataView(address.buffer, address.byteOffset, 4).getUint32(0);
      return this.lookupIPv4(a);
    }
    if (address.length !== 16) {
      throw new RangeError(`Cannot look up an address of ${address.length} bytes`);
    }
    if (this.metadata.ipVersion === 4) {
      throw new RangeError("Cannot look up an IPv6 address in an IPv4-only database");
    }
    let node = 0;
    let depth = 0;
    for (; depth < 128 && node < this.#nodeCount; depth++) {
      node = this.#record(node, ((address[depth >> 3] ?? 0) >> (7 - (depth & 7))) & 1);
    }
    return this.#leaf(node, depth);
  }

  /** The whole record at a data offset, kept by offset (shared: do not modify it). */
  record(offset: number): MmdbData {
    let value = this.#records.get(offset);
    if (value === undefined) {
      value = this.#data.decode(offset);
      if (this.#records.size >= MMDB_RECORD_CACHE_ENTRIES) this.#records.clear();
      this.#records.set(offset, value);
    }
    return value;
  }

  /** Whole records held by `record()` (at most MMDB_RECORD_CACHE_ENTRIES). */
  get cachedRecords(): number {
    return this.#records.size;
  }

  /** The value at `path` (map keys) in the record at `offset`; undefined when absent. */
  readPath(offset: number, path: readonly string[]): MmdbData | undefined {
    return this.#data.readPath(offset, path);
  }

  /** The MmdbType at `path` in the record at `offset`, 0 when absent; decodes nothing. */
  typeAt(offset: number, path: readonly string[]): number {
    return this.#data.typeAt(offset, path);
  }

  #leaf(node: number, depth: number): number {
    this.#prefixLength = depth;
    if (node === this.#nodeCount) return MMDB_NOT_FOUND;
    if (node < this.#nodeCount) throw new MmdbFormatError("search tree deeper than the address");
    const offset = node - this.#nodeCount - DATA_SEPARATOR;
    if (offset < 0 || offset >= this.#data.length) {
      throw new MmdbFormatError(`record ${node} points outside the data section`);
    }
    return offset;
  }

  /** Record `side` (0 left, 1 right) of `node`, which the caller checked is below nodeCount. */
  #record(node: number, side: number): number {
    const v = this.#view;
    const at = node * this.#nodeBytes;
    switch (this.#nodeBytes) {
      case 6: {
        const p = at + side * 3;
        return (v.getUint16(p) << 8) | v.getUint8(p + 2);
      }
      case 7: {
        // The middle byte holds the top four bits of the left record (high nibble) and of the
        // right one (low nibble).
        const middle = v.getUint8(at + 3);
        return side === 0
          ? ((middle >> 4) * 2 ** 24) + ((v.getUint16(at) << 8) | v.getUint8(at + 2))
          : ((middle & 0x0f) * 2 ** 24) + ((v.getUint16(at + 4) << 8) | v.getUint8(at + 6));
      }
      default:
        return v.getUint32(at + side * 4);
    }
  }
}

function readMetadata(decoder: MmdbDecoder): MmdbMetadata {
  const meta = decoder.decode(0);
  if (typeof meta !== "object" || meta instanceof Uint8Array || Array.isArray(meta)) {
    throw new MmdbFormatError("metadata is not a map");
  }
  const count = (key: string): number => {
    const v = meta[key];
    const n = typeof v === "bigint" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
      throw new MmdbFormatError(`metadata ${key} is missing or not a count`);
    }
    return n;
  };
  const major = count("binary_format_major_version");
  if (major !== 2) throw new MmdbFormatError(`binary format version ${major} is not 2`);
  const recordSize = count("record_size");
  if (recordSize !== 24 && recordSize !== 28 && recordSize !== 32) {
    throw new MmdbFormatError(`record_size ${recordSize} is not 24, 28 or 32`);
  }
  const ipVersion = count("ip_version");
  if (ipVersion !== 4 && ipVersion !== 6) {
    throw new MmdbFormatError(`ip_version ${ipVersion} is not 4 or 6`);
  }
  const languages = meta["languages"];
  const description = meta["description"];
  return {
    nodeCount: count("node_count"),
    recordSize,
    ipVersion,
    databaseType: typeof meta["database_type"] === "string" ? meta["database_type"] : "",
    buildEpoch: meta["build_epoch"] === undefined ? 0 : count("build_epoch"),
    languages: Array.isArray(languages)
      ? languages.filter((l): l is string => typeof l === "string")
      : [],
    description: typeof description === "object" && !Array.isArray(description) &&
        !(description instanceof Uint8Array)
      ? Object.fromEntries(
        Object.entries(description).filter((e): e is [string, string] => typeof e[1] === "string"),
      )
      : {},
    binaryFormatMajorVersion: major,
    binaryFormatMinorVersion: meta["binary_format_minor_version"] === undefined
      ? 0
      : count("binary_format_minor_version"),
  };
}
