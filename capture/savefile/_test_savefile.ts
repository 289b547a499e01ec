/**
 * Helpers shared by the savefile tests: temporary files and draining a reader into plain data.
 */

import { openSavefile, type OpenSavefileOptions } from "./savefile_reader.ts";
import { SavefileError } from "./savefile_error.ts";

/** One packet as copied out of a reader. */
export interface ReadPacket {
  tsSec: number;
  tsNsec: number;
  caplen: number;
  wireLen: number;
  linkType: number;
  interfaceId: number;
  bytes: Uint8Array;
}

/** Everything a reader gave: header fields, packets, and the error that stopped it, if any. */
export interface ReadResult {
  format: string;
  linkType: number;
  snaplen: number;
  packets: ReadPacket[];
  error: SavefileError | undefined;
}

/** Writes `bytes` to a fresh temporary file, runs `fn` on its path, then removes it. */
export function withTempFile<T>(bytes: Uint8Array, fn: (path: string) => T): T {
  const path = Deno.makeTempFileSync({ prefix: "wirescope_savefile_" });
  try {
    Deno.writeFileSync(path, bytes);
    return fn(path);
  } finally {
    Deno.removeSync(path);
  }
}

/** Opens `path` and reads every packet, stopping at the end or at a `SavefileError`. */
export function readAll(path: string, options: OpenSavefileOptions = {}): ReadResult {
  const reader = openSavefile(path, options);
  const result: ReadResult = {
    format: reader.format,
    linkType: reader.linkType,
    snaplen: reader.snaplen,
    packets: [],
    error: undefined,
  };
  try {
    while (reader.next()) {
      const view = reader.data;
      result.packets.push({
        tsSec: reader.tsSec,
        tsNsec: reader.tsNsec,
        caplen: reader.caplen,
        wireLen: reader.wireLen,
        linkType: reader.packetLinkType,
        interfaceId: reader.interfaceId,
        bytes: new Uint8Array(view.buffer, view.byteOffset + reader.offset, reader.caplen).slice(),
      });
    }
  } catch (error) {
    if (!(error instanceof SavefileError)) throw error;
    result.error = error;
  } finally {
    reader.close();
  }
  return result;
}

/** Reads `bytes` as a savefile through a temporary file. */
export function readBytes(bytes: Uint8Array, options: OpenSavefileOptions = {}): ReadResult {
  return withTempFile(bytes, (path) => readAll(path, options));
}

/** The error `openSavefile()` throws for `bytes`, or undefined when it opens. */
export function openError(bytes: Uint8Array): SavefileError | undefined {
  return withTempFile(bytes, (path) => {
    try {
      openSavefile(path).close();
      return undefined;
    } catch (error) {
      if (error instanceof SavefileError) return error;
      throw error;
    }
  });
}

/** `n` bytes counting up from `seed`, so every packet's contents differ. */
export function pattern(n: number, seed = 0): Uint8Array {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = (seed + i * 7) & 0xff;
  return bytes;
}

/** Builds a block body or record field by field, for blocks the writers do not produce. */
export class BodyBuilder {
  readonly #parts: number[] = [];
  constructor(readonly littleEndian = true) {}

  u8(value: number): this {
    this.#parts.push(value & 0xff);
    return this;
  }

  u16(value: number): this {
    const bytes = new Uint8Array(2);
    new DataView(bytes.buffer).setUint16(0, value, this.littleEndian);
    return this.bytes(bytes);
  }

  u32(value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value, this.littleEndian);
    return this.bytes(bytes);
  }

  bytes(bytes: Uint8Array): this {
    for (const byte of bytes) this.#parts.push(byte);
    return this;
  }

  build(): Uint8Array {
    return Uint8Array.from(this.#parts);
  }
}

/** The concatenation of `parts`. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
