/**
 * A minimal MaxMind DB (MMDB 2.0) writer: enough to turn a CSV of IP ranges into a database that
 * any MaxMind reader opens, for the embedded ASN data (no permissively licensed ASN .mmdb is
 * published on npm) and for test fixtures. Used offline by update.ts and by tests, never at run
 * time.
 *
 * Format (MaxMind DB File Format Specification 2.0): a binary search tree over the 128 address
 * bits, each node two records of `recordSize` bits (left for a 0 bit, right for a 1 bit); a
 * record below `nodeCount` points at a node, equal to it means "no data", above it points into
 * the data section at `record - nodeCount - 16`. Then 16 zero bytes, the data section, and the
 * metadata map after the marker "\xAB\xCD\xEFMaxMind.com". IPv4 lives at ::a.b.c.d, where
 * readers look for it in an IPv6 tree.
 */

/** An unsigned 16-bit integer, a type some metadata fields must have for libmaxminddb. */
export class Uint16 {
  constructor(readonly value: number) {}
}

/** A value the data section can hold: numbers become uint32 (or double), bigints uint64. */
export type MmdbValue = string | number | bigint | boolean | Uint16 | MmdbValue[] | {
  [key: string]: MmdbValue;
};

export interface MmdbOptions {
  databaseType: string;
  description: string;
  /** Seconds since the epoch; fixed by callers that want reproducible files. */
  buildEpoch: number;
}

/** Sized so that a full IPv4 + IPv6 routing table (a few million nodes) needs a few grows. */
const INITIAL_NODES = 1 << 16;
const ADDRESS_BITS = 128;
const DATA_SEPARATOR = 16;
const METADATA_MARKER = new Uint8Array([
  0xab,
  0xcd,
  0xef,
  ...new TextEncoder().encode("MaxMind.com"),
]);
/** 24-bit records hold values below 2^24; past that the tree needs 32-bit records. */
const MAX_24BIT = 1 << 24;

export class MmdbWriter {
  /** Children of each node: 0 = empty, > 0 = node number, < 0 = -(value index + 1). */
  #left = new Int32Array(INITIAL_NODES);
  #right = new Int32Array(INITIAL_NODES);
  #nodes = 1;
  readonly #values: MmdbValue[] = [];
  readonly #valueIndex = new Map<string, number>();

  constructor(readonly options: MmdbOptions) {}

  /** Map the prefix of `prefixLength` bits of a 16-byte address to `value`; later inserts win. */
  insertPrefix(address: Uint8Array, prefixLength: number, value: MmdbValue): void {
    const leaf = -(this.#intern(value) + 1);
    let node = 0;
    for (let depth = 0; depth < prefixLength; depth++) {
      const bit = ((address[depth >> 3] ?? 0) >> (7 - (depth & 7))) & 1;
      const side = bit ? this.#right : this.#left;
      if (depth === prefixLength - 1) {
        side[node] = leaf;
        return;
      }
      let child = side[node] ?? 0;
      if (child <= 0) {
        // Empty, or a shorter prefix covers this one: split it so both halves keep its value.
        const next = this.#grow();
        this.#left[next] = child;
        this.#right[next] = child;
        (bit ? this.#right : this.#left)[node] = next;
        child = next;
      }
      node = child;
    }
  }

  /** Map every address from `first` to `last` (inclusive, as 128-bit integers) to `value`. */
  insertRange(first: bigint, last: bigint, value: MmdbValue): void {
    const address = new Uint8Array(16);
    let start = first;
    while (start <= last) {
      // The largest aligned block that starts at `start` and ends at or before `last`.
      let size = 0;
      while (size < ADDRESS_BITS) {
        const block = 1n << BigInt(size + 1);
        if (start % block !== 0n || start + block - 1n > last) break;
        size++;
      }
      writeUint128(address, start);
      this.insertPrefix(address, ADDRESS_BITS - size, value);
      start += 1n << BigInt(size);
    }
  }

  /** Number of tree nodes so far. */
  get nodeCount(): number {
    return this.#nodes;
  }

  /** Distinct values stored in the data section. */
  get valueCount(): number {
    return this.#values.length;
  }

  /** The finished database file. */
  toBytes(): Uint8Array {
    const data = new ByteSink();
    const offsets = this.#values.map((v) => {
      const at = data.length;
      encodeValue(data, v);
      return at;
    });
    const nodeCount = this.#nodes;
    const recordSize = nodeCount + DATA_SEPARATOR + data.length < MAX_24BIT ? 24 : 32;
    const nodeBytes = recordSize / 4;
    const tree = new Uint8Array(nodeCount * nodeBytes);
    const view = new DataView(tree.buffer);
    const record = (child: number) =>
      child > 0 ? child : child === 0 ? nodeCount : nodeCount + DATA_SEPARATOR +
        (offsets[-child - 1] ?? 0);
    for (let n = 0; n < nodeCount; n++) {
      const l = record(this.#left[n] ?? 0);
      const r = record(this.#right[n] ?? 0);
      const at = n * nodeBytes;
      if (recordSize === 24) {
        view.setUint16(at, l >>> 8);
        view.setUint8(at + 2, l & 0xff);
        view.setUint16(at + 3, r >>> 8);
        view.setUint8(at + 5, r & 0xff);
      } else {
        view.setUint32(at, l);
        view.setUint32(at + 4, r);
      }
    }
    const meta = new ByteSink();
    meta.push(METADATA_MARKER);
    encodeValue(meta, {
      binary_format_major_version: new Uint16(2),
      binary_format_minor_version: new Uint16(0),
      build_epoch: BigInt(this.options.buildEpoch),
      database_type: this.options.databaseType,
      description: { en: this.options.description },
      ip_version: new Uint16(6),
      languages: ["en"],
      node_count: nodeCount,
      record_size: new Uint16(recordSize),
    });
    const out = new Uint8Array(tree.length + DATA_SEPARATOR + data.length + meta.length);
    out.set(tree, 0);
    out.set(data.bytes(), tree.length + DATA_SEPARATOR);
    out.set(meta.bytes(), tree.length + DATA_SEPARATOR + data.length);
    return out;
  }

  #intern(value: MmdbValue): number {
    const key = JSON.stringify(value, (_k, v) => typeof v === "bigint" ? `${v}n` : v);
    let index = this.#valueIndex.get(key);
    if (index === undefined) {
      index = this.#values.push(value) - 1;
      this.#valueIndex.set(key, index);
    }
    return index;
  }

  #grow(): number {
    if (this.#nodes === this.#left.length) {
      const left = new Int32Array(this.#left.length * 2);
      const right = new Int32Array(this.#right.length * 2);
      left.set(this.#left);
      right.set(this.#right);
      this.#left = left;
      this.#right = right;
    }
    return this.#nodes++;
  }
}

/** A 128-bit integer from 16 bytes in network order. */
export function readUint128(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function writeUint128(out: Uint8Array, value: bigint): void {
  let v = value;
  for (let i = 15; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** Data section types (spec section "Output Data Section"). */
const T = {
  utf8: 2,
  double: 3,
  uint16: 5,
  uint32: 6,
  map: 7,
  uint64: 9,
  array: 11,
  boolean: 14,
} as const;

function encodeValue(out: ByteSink, v: MmdbValue): void {
  if (typeof v === "string") {
    const bytes = new TextEncoder().encode(v);
    control(out, T.utf8, bytes.length);
    out.push(bytes);
  } else if (v instanceof Uint16) {
    const bytes = minimalBytes(BigInt(v.value & 0xffff));
    control(out, T.uint16, bytes.length);
    out.push(bytes);
  } else if (typeof v === "boolean") {
    control(out, T.boolean, v ? 1 : 0);
  } else if (typeof v === "bigint") {
    const bytes = minimalBytes(v);
    control(out, T.uint64, bytes.length);
    out.push(bytes);
  } else if (typeof v === "number") {
    if (Number.isInteger(v) && v >= 0 && v <= 0xffffffff) {
      const bytes = minimalBytes(BigInt(v));
      control(out, T.uint32, bytes.length);
      out.push(bytes);
    } else {
      control(out, T.double, 8);
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, v);
      out.push(b);
    }
  } else if (Array.isArray(v)) {
    control(out, T.array, v.length);
    for (const item of v) encodeValue(out, item);
  } else {
    const entries = Object.entries(v);
    control(out, T.map, entries.length);
    for (const [key, item] of entries) {
      encodeValue(out, key);
      encodeValue(out, item);
    }
  }
}

/** Control byte: type in the top three bits (0 = extended, type - 7 in the next byte), size. */
function control(out: ByteSink, type: number, size: number): void {
  const extended = type > 7;
  const sizeBytes: number[] = [];
  let sizeBits = size;
  if (size >= 65821) {
    sizeBits = 31;
    const s = size - 65821;
    sizeBytes.push((s >>> 16) & 0xff, (s >>> 8) & 0xff, s & 0xff);
  } else if (size >= 285) {
    sizeBits = 30;
    const s = size - 285;
    sizeBytes.push((s >>> 8) & 0xff, s & 0xff);
  } else if (size >= 29) {
    sizeBits = 29;
    sizeBytes.push(size - 29);
  }
  out.push(new Uint8Array([((extended ? 0 : type) << 5) | sizeBits]));
  if (extended) out.push(new Uint8Array([type - 7]));
  out.push(new Uint8Array(sizeBytes));
}

function minimalBytes(v: bigint): Uint8Array {
  const bytes: number[] = [];
  for (let x = v; x > 0n; x >>= 8n) bytes.unshift(Number(x & 0xffn));
  return new Uint8Array(bytes);
}

/** A growable byte buffer. */
class ByteSink {
  #buf = new Uint8Array(1 << 16);
  length = 0;

  push(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.#buf.length) {
      const next = new Uint8Array(Math.max(this.#buf.length * 2, this.length + bytes.length));
      next.set(this.#buf.subarray(0, this.length));
      this.#buf = next;
    }
    this.#buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.length);
  }
}
