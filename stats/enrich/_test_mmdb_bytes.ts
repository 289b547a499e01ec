/**
 * Hand-made MaxMind DB bytes for the reader's tests: values the project's writer never emits
 * (int32, float, bytes, uint128, pointers, 28-bit records, IPv4 trees) and damage on purpose.
 * Tests only.
 */

import { MmdbType } from "./mmdb_format.ts";

/** Control byte(s) for `type` and payload `size` (spec: "Control Byte", "Payload Size"). */
export function control(type: number, size: number): number[] {
  const out: number[] = [];
  let bits = size;
  const extra: number[] = [];
  if (size >= 65_821) {
    bits = 31;
    const s = size - 65_821;
    extra.push((s >>> 16) & 0xff, (s >>> 8) & 0xff, s & 0xff);
  } else if (size >= 285) {
    bits = 30;
    extra.push(((size - 285) >>> 8) & 0xff, (size - 285) & 0xff);
  } else if (size >= 29) {
    bits = 29;
    extra.push(size - 29);
  }
  out.push(((type > 7 ? 0 : type) << 5) | bits);
  if (type > 7) out.push(type - 7);
  return [...out, ...extra];
}

export function str(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...control(MmdbType.utf8, bytes.length), ...bytes];
}

/** An unsigned integer of `type` in the fewest bytes. */
export function uint(type: number, value: bigint | number): number[] {
  const bytes: number[] = [];
  for (let v = BigInt(value); v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
  return [...control(type, bytes.length), ...bytes];
}

/** A pointer to `offset`, in the smallest of the four encodings that holds it. */
export function pointer(offset: number): number[] {
  if (offset < 2_048) return [0x20 | (offset >> 8), offset & 0xff];
  if (offset < 526_336) {
    const v = offset - 2_048;
    return [0x28 | (v >> 16), (v >> 8) & 0xff, v & 0xff];
  }
  if (offset < 2 ** 27 + 526_336) {
    const v = offset - 526_336;
    return [0x30 | Math.floor(v / 2 ** 24), (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
  }
  return [0x38, offset >>> 24, (offset >>> 16) & 0xff, (offset >>> 8) & 0xff, offset & 0xff];
}

/** A map from already-encoded keys and values. */
export function map(entries: [number[], number[]][]): number[] {
  return [...control(MmdbType.map, entries.length), ...entries.flat(2)];
}

export interface RawFile {
  recordSize: 24 | 28 | 32;
  ipVersion: 4 | 6;
  /** Left and right record of each node. */
  nodes: [number, number][];
  data: Uint8Array;
  databaseType?: string;
}

/** A whole file: tree, 16 zero bytes, data, marker and metadata. */
export function rawFile(f: RawFile): Uint8Array {
  const nodeBytes = f.recordSize / 4;
  const tree = new Uint8Array(f.nodes.length * nodeBytes);
  const view = new DataView(tree.buffer);
  f.nodes.forEach(([l, r], n) => {
    const at = n * nodeBytes;
    if (f.recordSize === 24) {
      view.setUint16(at, l >>> 8);
      view.setUint8(at + 2, l & 0xff);
      view.setUint16(at + 3, r >>> 8);
      view.setUint8(at + 5, r & 0xff);
    } else if (f.recordSize === 28) {
      view.setUint16(at, (l >>> 8) & 0xffff);
      view.setUint8(at + 2, l & 0xff);
      view.setUint8(at + 3, ((l >>> 24) << 4) | (r >>> 24));
      view.setUint16(at + 4, (r >>> 8) & 0xffff);
      view.setUint8(at + 6, r & 0xff);
    } else {
      view.setUint32(at, l);
      view.setUint32(at + 4, r);
    }
  });
  const meta = map([
    [str("binary_format_major_version"), uint(MmdbType.uint16, 2)],
    [str("binary_format_minor_version"), uint(MmdbType.uint16, 0)],
    [str("build_epoch"), uint(MmdbType.uint64, 1_700_000_000)],
    [str("database_type"), str(f.databaseType ?? "Test")],
    [str("ip_version"), uint(MmdbType.uint16, f.ipVersion)],
    [str("node_count"), uint(MmdbType.uint32, f.nodes.length)],
    [str("record_size"), uint(MmdbType.uint16, f.recordSize)],
  ]);
  const marker = [0xab, 0xcd, 0xef, ...new TextEncoder().encode("MaxMind.com")];
  const out = new Uint8Array(tree.length + 16 + f.data.length + marker.length + meta.length);
  out.set(tree, 0);
  out.set(f.data, tree.length + 16);
  out.set([...marker, ...meta], tree.length + 16 + f.data.length);
  return out;
}
