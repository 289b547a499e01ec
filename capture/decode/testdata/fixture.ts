/**
 * Test helpers: frames written as hex dumps, decoding them, and the checks every protocol's
 * tests share (no read past caplen at any cut).
 */
import assert from "node:assert/strict";
import { DecodedPacket } from "../packet.ts";
import { decodeFrame } from "../decoder.ts";

/** One captured frame: its link type (a DLT value), length on the wire and captured bytes. */
export interface Fixture {
  readonly linkType: number;
  readonly wireLen: number;
  readonly bytes: Uint8Array;
}

/** Bytes from hex digits; whitespace is ignored. */
export function hex(dump: string): Uint8Array {
  const digits = dump.replace(/\s+/g, "");
  if (digits.length % 2 !== 0 || /[^0-9a-f]/i.test(digits)) {
    throw new SyntaxError(`Cannot parse hex dump: ${digits.length} digits or a non-hex digit`);
  }
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/**
 * Decode a fixture from a buffer exactly `caplen` long, so that a read past caplen would throw
 * a RangeError (and fail the test) instead of reading something.
 */
export function decode(f: Fixture, out: DecodedPacket = new DecodedPacket()): DecodedPacket {
  const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
  decodeFrame(f.linkType, view, 0, f.bytes.byteLength, f.wireLen, out);
  return out;
}

/** A copy of `f` with `edit` applied to its bytes (for lying length fields). */
export function edited(f: Fixture, edit: (bytes: Uint8Array, view: DataView) => void): Fixture {
  const bytes = f.bytes.slice();
  edit(bytes, new DataView(bytes.buffer));
  return { linkType: f.linkType, wireLen: f.wireLen, bytes };
}

/** The first `caplen` bytes of `f`, as a snaplen of `caplen` would keep them. */
export function cut(f: Fixture, caplen: number): Fixture {
  return { linkType: f.linkType, wireLen: f.wireLen, bytes: f.bytes.slice(0, caplen) };
}

/** A fixture of `bytes`, captured whole unless `wireLen` says the wire had more. */
export function fixture(linkType: number, bytes: Uint8Array, wireLen = bytes.length): Fixture {
  return { linkType, wireLen, bytes };
}

/** The parts, one after the other, in a new array. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Dotted-quad or colon-hex text of an address field, for readable assertions. */
export function addr(bytes: Uint8Array, len: number): string {
  if (len === 4) return Array.from(bytes.subarray(0, 4)).join(".");
  const words: string[] = [];
  for (let i = 0; i < len; i += 2) words.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return words.join(":");
}

/** Colon-hex text of a MAC address field. */
export function mac(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(":");
}

/** Every field of a decoded packet as plain data, for comparing two decodes whole. */
export function snapshot(p: DecodedPacket): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(p)) {
    fields[key] = value instanceof Uint8Array ? Array.from(value) : value;
  }
  return fields;
}

/** Fill byte for the bytes after caplen: each value makes lies in later fields likely. */
const GARBAGE = [0x00, 0xff, 0x45, 0x60] as const;
/** Garbage appended after the frame, and the frame's offset inside a larger buffer. */
const PAD = 64;

/**
 * Decode every prefix of `f` (caplen 0 up to its full length) three ways: in a buffer exactly
 * caplen long (a read past caplen throws), and at an offset inside larger buffers whose bytes
 * after caplen are garbage (a read past caplen changes the result). All must agree.
 * Returns the decode of each cut, for further checks.
 */
export function decodeEveryCut(f: Fixture): DecodedPacket[] {
  const results: DecodedPacket[] = [];
  for (let caplen = 0; caplen <= f.bytes.length; caplen++) {
    const exact = decode(cut(f, caplen));
    const expected = snapshot(exact);
    for (const fill of GARBAGE) {
      const buffer = new Uint8Array(PAD + caplen + PAD).fill(fill);
      buffer.set(f.bytes.subarray(0, caplen), PAD);
      const out = new DecodedPacket();
      decodeFrame(f.linkType, new DataView(buffer.buffer), PAD, caplen, f.wireLen, out);
      if (out.payloadOffset !== 0) out.payloadOffset -= PAD;
      if (out.l3Offset >= 0) out.l3Offset -= PAD;
      assert.deepEqual(snapshot(out), expected, `caplen ${caplen}, fill 0x${fill.toString(16)}`);
    }
    results.push(exact);
  }
  return results;
}
