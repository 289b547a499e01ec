/**
 * DNS domain names on the wire (RFC 1035 section 3.1) with message compression (section 4.1.4).
 *
 * A compression pointer must point before itself: RFC 1035 speaks of "a prior occurrence", and
 * the rule makes every walk end, since each jump goes strictly backwards. `MAX_POINTER_JUMPS`
 * and `MAX_NAME_WALK_BYTES` bound the work further, whatever a hostile message contains.
 *
 * How a name becomes text (the choice `server/README.md` documents):
 * - Labels are joined with dots; printable ASCII (0x20 to 0x7e) stays as it is.
 * - Every other byte, a backslash, and a dot inside a label are written `\xNN` (two lowercase
 *   hex digits), as dig and tcpdump escape them: the text is lossless (the wire bytes can be
 *   read back from it) and a hostile name can neither inject control characters nor pass for
 *   another name. tshark shows the same bytes otherwise (C escapes for control bytes, raw
 *   bytes read as UTF-8); the oracle turns `\xNN` back into bytes and shows them tshark's way.
 * - The root is "<Root>", and a name longer than 255 bytes in wire form (RFC 1035 section
 *   2.3.4; DNS tunnels exceed it on purpose) is "<Name too long>", both as tshark 4.0 shows
 *   them; a message carrying one is still read to its end.
 */
import { byteText } from "./ascii_text.ts";
import { hashKey, TextCache } from "./text_cache.ts";

/** A name is at most 255 octets in wire form, length bytes included (RFC 1035 section 2.3.4). */
export const MAX_NAME_WIRE_BYTES = 255;
/**
 * Wire bytes walked for one name, pointers followed, before it is taken for a loop: a whole
 * DNS message's worth (RFC 1035 section 4.2.2's 16-bit TCP length), which a name longer than
 * `MAX_NAME_WIRE_BYTES` can fill without compression but only a hostile one can exceed.
 */
export const MAX_NAME_WALK_BYTES = 65535;
/**
 * Pointers followed in one name. A real compressor needs one (to the suffix already written);
 * 16 leaves room for names built from several shared suffixes and stops any chain early.
 */
export const MAX_POINTER_JUMPS = 16;
/** Labels are at most 63 octets: the two top bits of the length byte are a type (RFC 1035). */
const LABEL_TYPE_MASK = 0xc0;
const POINTER_TYPE = 0xc0;
const POINTER_OFFSET_MASK = 0x3fff;
/** How tshark shows the empty (root) name; the inspector reports it the same way. */
export const ROOT_NAME = "<Root>";
/** How tshark 4.0 shows a name past `MAX_NAME_WIRE_BYTES`; the inspector does the same. */
export const TOO_LONG_NAME = "<Name too long>";

/** Returned by `skipDnsName()` for a name that is cut short or badly compressed. */
export const BAD_NAME = -1;

/**
 * Check the name at `pos` of the message `data[msg, end)` and return the offset just past it
 * where it sits (after its terminating zero or its first pointer), or `BAD_NAME`. Allocates
 * nothing.
 */
export function skipDnsName(data: DataView, msg: number, end: number, pos: number): number {
  return walk(data, msg, end, pos, false);
}

/**
 * The text of the name at `pos`, or `null` when `skipDnsName()` would reject it. A name read
 * before (same bytes once pointers are followed) gives the same string without making it anew.
 */
export function dnsNameText(data: DataView, msg: number, end: number, pos: number): string | null {
  if (walk(data, msg, end, pos, true) === BAD_NAME) return null;
  return lastNameText();
}

/**
 * Check the name at `pos` like `skipDnsName()` and keep it for `lastDnsNameText()`: one walk
 * where `skipDnsName()` then `dnsNameText()` would make two.
 */
export function readDnsName(data: DataView, msg: number, end: number, pos: number): number {
  return walk(data, msg, end, pos, true);
}

/** The text of the name the last successful `readDnsName()` read. */
export function lastDnsNameText(): string {
  return lastNameText();
}

/**
 * Copy the wire form of the name the last successful `readDnsName()` read (labels with their
 * length bytes, pointers followed, no root byte) to `into` from word `at`, in memory order (a
 * little-endian word holds four bytes as they come); return its length, or -1 when it exceeds
 * `MAX_NAME_WIRE_BYTES` (nothing copied). Four bytes a move, not one: this runs for every DNS
 * message. Allocates nothing.
 */
export function copyLastDnsNameWire(into: Int32Array, at: number): number {
  if (wireTooLong) return -1;
  const view = wireView;
  const whole = wireLen & ~3;
  let w = at;
  for (let i = 0; i < whole; i += 4) into[w++] = view.getInt32(wireAt + i, true);
  // The last 0-3 bytes one by one: reading a whole word there could pass the message's end.
  let tail = 0;
  for (let i = wireLen - 1; i >= whole; i--) tail = (tail << 8) | view.getUint8(wireAt + i);
  if (whole < wireLen) into[w] = tail;
  return wireLen;
}

/**
 * The text of a name in the wire form `copyLastDnsNameWire()` copies, `view[at, at+len)`, made
 * the way `dnsNameText()` makes it (not cached: this is for a reader far from the hot path).
 */
export function wireDnsNameText(view: DataView, at: number, len: number): string {
  const saved = [wireView, wireAt, wireLen] as const;
  wireView = view;
  wireAt = at;
  wireLen = len;
  try {
    return wireText();
  } finally {
    [wireView, wireAt, wireLen] = saved;
  }
}

/**
 * Names remembered by wire form: a resolver's working set of popular names, so that repeated
 * queries make no strings. 1024 slots of 255 bytes are 255 KiB; a miss costs one string.
 */
export const NAME_TEXT_SLOTS = 1024;
const names = new TextCache(NAME_TEXT_SLOTS, MAX_NAME_WIRE_BYTES);
/**
 * The last name walked with `copy`, in wire form with pointers followed (labels with their
 * length bytes, no root byte): `wireView[wireAt, wireAt+wireLen)`. A name whose labels lie in
 * one run (no pointer, or one pointer before any label: every question name, most owner names)
 * is left where it is in the message; only one that a pointer splits is copied to `nameWire`.
 * Module scope: one walk runs at a time.
 */
const nameWire = new Uint8Array(MAX_NAME_WIRE_BYTES);
const nameWireView = new DataView(nameWire.buffer);
let wireView: DataView = nameWireView;
let wireAt = 0;
let wireLen = 0;
/** Whether the last name walked with `copy` exceeds `MAX_NAME_WIRE_BYTES` (its bytes are not kept). */
let wireTooLong = false;
/** The text of a name without escapes: labels joined by dots, at most 254 characters. */
const plain = new Uint8Array(MAX_NAME_WIRE_BYTES);
/** Only printable ASCII reaches it, where latin1 and ASCII agree. */
const latin1 = new TextDecoder("latin1");
const PRINTABLE_FIRST = 0x21;
const PRINTABLE_LAST = 0x7e;
const BACKSLASH = 0x5c;
const DOT = 0x2e;
const ESCAPED_DOT = "\\x2e";

function lastNameText(): string {
  if (wireTooLong) return TOO_LONG_NAME;
  const hash = hashKey(wireView, wireAt, wireLen);
  const known = names.get(wireView, wireAt, wireLen, hash);
  if (known !== undefined) return known;
  const text = wireText();
  names.set(wireView, wireAt, wireLen, hash, text);
  return text;
}

/** The last name as text: printable bytes as they are, others escaped by `byteText()`. */
function wireText(): string {
  if (wireLen === 0) return ROOT_NAME;
  const view = wireView;
  const end = wireAt + wireLen;
  let n = 0;
  for (let p = wireAt; p < end; p += view.getUint8(p) + 1) {
    if (p > wireAt) plain[n++] = DOT;
    const labelEnd = p + 1 + view.getUint8(p);
    for (let i = p + 1; i < labelEnd; i++) {
      const b = view.getUint8(i);
      if (b < PRINTABLE_FIRST || b > PRINTABLE_LAST || b === BACKSLASH || b === DOT) {
        return escapedText();
      }
      plain[n++] = b;
    }
  }
  return latin1.decode(plain.subarray(0, n));
}

/**
 * The slow path of `wireText()`, for a name with a label byte outside 0x21..0x7e, a backslash
 * or a dot: each byte as `byteText()` shows it (a space, printable there, stays a space), and a
 * dot inside a label escaped too, so that it cannot pass for a label boundary.
 */
function escapedText(): string {
  const view = wireView;
  const end = wireAt + wireLen;
  let text = "";
  for (let p = wireAt; p < end; p += view.getUint8(p) + 1) {
    if (p > wireAt) text += ".";
    const labelEnd = p + 1 + view.getUint8(p);
    for (let i = p + 1; i < labelEnd; i++) {
      const b = view.getUint8(i);
      text += b === DOT ? ESCAPED_DOT : byteText(b);
    }
  }
  return text;
}

/** Copy `data[from, from+len)` to `nameWire` at `at`. */
function copyWire(data: DataView, from: number, at: number, len: number): void {
  for (let i = 0; i < len; i++) nameWire[at + i] = data.getUint8(from + i);
}

function walk(data: DataView, msg: number, end: number, pos: number, copy: boolean): number {
  let p = pos;
  let after = -1;
  let jumps = 0;
  let wireBytes = 0;
  /** Where the labels read so far start, while they lie in one run of the message. */
  let runStart = pos;
  /** Whether a pointer came after labels: the rest are copied to `nameWire` as they come. */
  let split = false;
  // Each turn consumes at least one byte of the walk budget or one of the jumps.
  for (;;) {
    if (p < msg || p >= end) return BAD_NAME;
    const len = data.getUint8(p);
    if (len === 0) {
      if (after < 0) after = p + 1;
      if (copy) {
        wireTooLong = wireBytes + 1 > MAX_NAME_WIRE_BYTES;
        wireView = split ? nameWireView : data;
        wireAt = split ? 0 : runStart;
        wireLen = wireBytes;
      }
      return after;
    }
    const type = len & LABEL_TYPE_MASK;
    if (type === POINTER_TYPE) {
      if (p + 2 > end || jumps === MAX_POINTER_JUMPS) return BAD_NAME;
      const target = msg + (data.getUint16(p) & POINTER_OFFSET_MASK);
      if (target >= p) return BAD_NAME;
      if (after < 0) after = p + 2;
      jumps++;
      p = target;
      if (wireBytes === 0) runStart = target;
      else if (!split) {
        split = true;
        if (copy && wireBytes < MAX_NAME_WIRE_BYTES) copyWire(data, runStart, 0, wireBytes);
      }
      continue;
    }
    // Types 0x40 and 0x80 (extended and binary labels, RFC 6891 section 5) are not names.
    if (type !== 0) return BAD_NAME;
    if (wireBytes + len + 1 > MAX_NAME_WALK_BYTES || p + 1 + len > end) return BAD_NAME;
    // Past 255 bytes the name is shown as too long: its bytes need not be kept.
    if (copy && split && wireBytes + len + 1 < MAX_NAME_WIRE_BYTES) {
      copyWire(data, p, wireBytes, len + 1);
    }
    wireBytes += len + 1;
    p += len + 1;
  }
}
