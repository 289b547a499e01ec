/**
 * The data section of a MaxMind DB file (MaxMind DB File Format Specification 2.0, "Output Data
 * Section"): self-describing values, each a control byte (type in the top three bits, size in
 * the low five) and a payload, with pointers so equal values are stored once.
 *
 * A damaged file must give an error, never a hang or a read past the section: every read is
 * checked against the section's end, a pointer may not point at a pointer (the spec forbids it,
 * and it is how a pointer loop would start), nesting is bounded, and so is the number of values
 * one decode may produce (pointers can make a small file describe an exponentially large value).
 */

import { type MmdbData, MmdbFormatError, MmdbType } from "./mmdb_format.ts";

/**
 * Deepest nesting of maps and arrays. GeoIP2 City records nest four deep (subdivisions -> item
 * -> names -> en); libmaxminddb allows 512. 64 leaves room and keeps recursion shallow.
 */
export const MMDB_MAX_NESTING = 64;
/**
 * Values one decode may produce. The largest records MaxMind ships (GeoIP2 Enterprise) hold a
 * few hundred; a million is generous and still only a few milliseconds of work at worst.
 */
export const MMDB_MAX_VALUES = 1_000_000;

/** Sizes past 28 are in the following bytes, offset by these (spec: "Payload Size"). */
const SIZE_ONE_BYTE = 29;
const SIZE_TWO_BYTES = 285;
const SIZE_THREE_BYTES = 65_821;
/** Pointers of 2 and 3 bytes are offset by these (spec: "Pointer - 1"). */
const POINTER_TWO_BYTES = 2_048;
const POINTER_THREE_BYTES = 526_336;
/** Longest text decoded by hand: ASCII keys and codes are short, TextDecoder has a fixed cost. */
const SHORT_TEXT = 24;

const utf8 = new TextDecoder();

export class MmdbDecoder {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  /** Where the section starts and ends in `bytes`; offsets given to and by this are relative. */
  readonly #base: number;
  readonly #end: number;
  /** Cursor, and what the last control byte said (fields, so reading one allocates nothing). */
  #pos = 0;
  #type = 0;
  #size = 0;
  #budget = 0;

  constructor(bytes: Uint8Array, base: number, end: number) {
    if (!(0 <= base && base <= end && end <= bytes.length)) {
      throw new RangeError(`Cannot decode section ${base}..${end} of ${bytes.length} bytes`);
    }
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#base = base;
    this.#end = end;
  }

  /** Length of the section in bytes. */
  get length(): number {
    return this.#end - this.#base;
  }

  /** The whole value at `offset`. Throws MmdbFormatError when the data is damaged. */
  decode(offset: number): MmdbData {
    this.#budget = MMDB_MAX_VALUES;
    this.#seek(offset);
    return this.#value(0);
  }

  /**
   * The value reached from the map at `offset` through `path` (map keys), or undefined when a key
   * is missing or a step is not a map. Only the value at the end is built; the rest is skipped.
   */
  readPath(offset: number, path: readonly string[]): MmdbData | undefined {
    if (!this.#follow(offset, path)) return undefined;
    this.#budget = MMDB_MAX_VALUES;
    return this.#value(0);
  }

  /** The type (MmdbType) of the value at the end of `path`, pointers followed; 0 when absent. */
  typeAt(offset: number, path: readonly string[]): number {
    if (!this.#follow(offset, path)) return 0;
    this.#control();
    if (this.#type === MmdbType.pointer) this.#jump();
    return this.#type;
  }

  /** Walk `path` from `offset`; true with the cursor on the value found. */
  #follow(offset: number, path: readonly string[]): boolean {
    this.#seek(offset);
    for (const key of path) {
      this.#control();
      if (this.#type === MmdbType.pointer) this.#jump();
      if (this.#type !== MmdbType.map) return false;
      if (!this.#findKey(this.#size, key)) return false;
    }
    return true;
  }

  /** With the cursor on the first of `entries` map entries: leave it on `key`'s value. */
  #findKey(entries: number, key: string): boolean {
    for (let i = 0; i < entries; i++) {
      this.#control();
      let after = -1;
      if (this.#type === MmdbType.pointer) after = this.#jump();
      if (this.#type !== MmdbType.utf8) throw this.#error(`map key of type ${this.#type}`);
      this.#need(this.#size);
      const hit = this.#textEquals(this.#pos, this.#size, key);
      this.#pos = after < 0 ? this.#pos + this.#size : after;
      if (hit) return true;
      this.#skip(1);
    }
    return false;
  }

  #textEquals(at: number, length: number, key: string): boolean {
    // ASCII keys (all the spec's and MaxMind's) compare byte for byte with their code units.
    if (length === key.length) {
      let i = 0;
      while (i < length) {
        const c = key.charCodeAt(i);
        if (c >= 0x80) break;
        if (this.#view.getUint8(at + i) !== c) return false;
        i++;
      }
      if (i === length) return true;
    }
    return /[\u0080-\uffff]/.test(key) && this.#text(at, length) === key;
  }

  /** Move the cursor past `count` values without building them; pointers are not followed. */
  #skip(count: number): void {
    // Every value takes at least its control byte, so this ends within the section's length.
    let left = count;
    while (left > 0) {
      left--;
      this.#control();
      switch (this.#type) {
        case MmdbType.pointer:
        case MmdbType.boolean:
          break;
        case MmdbType.map:
          left += 2 * this.#size;
          break;
        case MmdbType.array:
          left += this.#size;
          break;
        default:
          this.#need(this.#size);
          this.#pos += this.#size;
      }
    }
  }

  #value(depth: number): MmdbData {
    if (--this.#budget < 0) throw this.#error(`more than ${MMDB_MAX_VALUES} values`);
    this.#control();
    let after = -1;
    if (this.#type === MmdbType.pointer) after = this.#jump();
    const value = this.#payload(this.#type, this.#size, depth);
    if (after >= 0) this.#pos = after;
    return value;
  }

  #payload(type: number, size: number, depth: number): MmdbData {
    const at = this.#pos;
    switch (type) {
      case MmdbType.map:
      case MmdbType.array:
        if (depth >= MMDB_MAX_NESTING) throw this.#error(`nesting deeper than ${MMDB_MAX_NESTING}`);
        return type === MmdbType.map ? this.#map(size, depth + 1) : this.#array(size, depth + 1);
      case MmdbType.boolean:
        if (size > 1) throw this.#error(`boolean of value ${size}`);
        return size === 1;
    }
    this.#need(size);
    this.#pos += size;
    switch (type) {
      case MmdbType.utf8:
        return this.#text(at, size);
      case MmdbType.double:
        if (size !== 8) throw this.#error(`double of ${size} bytes`);
        return this.#view.getFloat64(at);
      case MmdbType.float:
        if (size !== 4) throw this.#error(`float of ${size} bytes`);
        return this.#view.getFloat32(at);
      case MmdbType.bytes:
        return this.#bytes.slice(at, at + size);
      case MmdbType.uint16:
      case MmdbType.uint32:
      case MmdbType.int32: {
        if (size > (type === MmdbType.uint16 ? 2 : 4)) throw this.#error(`type ${type} of ${size}`);
        let n = 0;
        for (let i = 0; i < size; i++) n = n * 256 + this.#view.getUint8(at + i);
        // int32 is two's complement in (at most) four bytes; shorter ones are zero-padded.
        return type === MmdbType.int32 ? n | 0 : n;
      }
      case MmdbType.uint64:
      case MmdbType.uint128: {
        if (size > (type === MmdbType.uint64 ? 8 : 16)) {
          throw this.#error(`type ${type} of ${size}`);
        }
        let n = 0n;
        for (let i = 0; i < size; i++) n = (n << 8n) | BigInt(this.#view.getUint8(at + i));
        return n;
      }
      default:
        throw this.#error(`type ${type}, which does not belong in a data section`);
    }
  }

  #map(entries: number, depth: number): MmdbData {
    // Each entry takes at least two bytes: a size beyond that is damage, not a big map.
    if (entries * 2 > this.#end - this.#pos) throw this.#error(`map of ${entries} entries`);
    const out: { [key: string]: MmdbData } = {};
    for (let i = 0; i < entries; i++) {
      const key = this.#value(depth);
      if (typeof key !== "string") throw this.#error(`map key of type ${typeof key}`);
      const value = this.#value(depth);
      if (key === "__proto__") {
        Object.defineProperty(out, key, { value, enumerable: true, writable: true });
      } else {
        out[key] = value;
      }
    }
    return out;
  }

  #array(items: number, depth: number): MmdbData {
    if (items > this.#end - this.#pos) throw this.#error(`array of ${items} items`);
    const out: MmdbData[] = [];
    for (let i = 0; i < items; i++) out.push(this.#value(depth));
    return out;
  }

  #text(at: number, length: number): string {
    if (length <= SHORT_TEXT) {
      let s = "";
      for (let i = 0; i < length; i++) {
        const c = this.#view.getUint8(at + i);
        if (c >= 0x80) return utf8.decode(this.#bytes.subarray(at, at + length));
        s += String.fromCharCode(c);
      }
      return s;
    }
    return utf8.decode(this.#bytes.subarray(at, at + length));
  }

  /** Read the control byte(s) at the cursor into #type and #size (a pointer's target). */
  #control(): void {
    this.#need(1);
    const b = this.#view.getUint8(this.#pos++);
    let type = b >> 5;
    if (type === MmdbType.pointer) {
      const high = b & 0x07;
      const extra = ((b >> 3) & 0x03) + 1;
      this.#need(extra);
      const p = this.#pos;
      const v = this.#view;
      this.#pos += extra;
      this.#type = type;
      this.#size = extra === 1
        ? (high << 8) | v.getUint8(p)
        : extra === 2
        ? ((high << 16) | v.getUint16(p)) + POINTER_TWO_BYTES
        : extra === 3
        ? (high * 2 ** 24 + (v.getUint16(p) << 8 | v.getUint8(p + 2))) + POINTER_THREE_BYTES
        : v.getUint32(p);
      return;
    }
    if (type === 0) {
      this.#need(1);
      type = 7 + this.#view.getUint8(this.#pos++);
      if (type < MmdbType.int32 || type > MmdbType.float) {
        throw this.#error(`extended type ${type}`);
      }
    }
    let size = b & 0x1f;
    if (size >= SIZE_ONE_BYTE) {
      const extra = size - SIZE_ONE_BYTE + 1;
      this.#need(extra);
      const p = this.#pos;
      const v = this.#view;
      this.#pos += extra;
      size = extra === 1
        ? SIZE_ONE_BYTE + v.getUint8(p)
        : extra === 2
        ? SIZE_TWO_BYTES + v.getUint16(p)
        : SIZE_THREE_BYTES + ((v.getUint16(p) << 8) | v.getUint8(p + 2));
    }
    this.#type = type;
    this.#size = size;
  }

  /** Follow the pointer just read: returns where the cursor goes after its value. */
  #jump(): number {
    const after = this.#pos;
    this.#seek(this.#size);
    this.#control();
    if (this.#type === MmdbType.pointer) throw this.#error("pointer to a pointer");
    return after;
  }

  #seek(offset: number): void {
    if (!(offset >= 0 && offset < this.#end - this.#base)) {
      throw new MmdbFormatError(
        `offset ${offset} is outside the ${this.#end - this.#base}-byte data section`,
      );
    }
    this.#pos = this.#base + offset;
  }

  #need(bytes: number): void {
    if (this.#pos + bytes > this.#end) throw this.#error("value running past the section's end");
  }

  #error(what: string): MmdbFormatError {
    return new MmdbFormatError(`Invalid data at offset ${this.#pos - this.#base}: ${what}`);
  }
}
