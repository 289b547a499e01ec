/**
 * DNS domain names on the wire (RFC 1035 section 3.1) with message compression (section 4.1.4).
 *
 * A compression pointer must point before itself: RFC 1035 speaks of "a prior occurrence", and
 * the rule makes every walk end, since each jump goes strictly backwards. `MAX_POINTER_JUMPS`
 * and `MAX_NAME_WIRE_BYTES` bound the work further, whatever a hostile message contains.
 */
import { byteText } from "./ascii_text.ts";

/** A name is at most 255 octets in wire form, length bytes included (RFC 1035 section 2.3.4). */
export const MAX_NAME_WIRE_BYTES = 255;
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

/** Returned by `skipDnsName()` for a name that is cut short, too long, or badly compressed. */
export const BAD_NAME = -1;

/**
 * Check the name at `pos` of the message `data[msg, end)` and return the offset just past it
 * where it sits (after its terminating zero or its first pointer), or `BAD_NAME`. Allocates
 * nothing.
 */
export function skipDnsName(data: DataView, msg: number, end: number, pos: number): number {
  return walk(data, msg, end, pos, false);
}

/** The text of the name at `pos`, or `null` when `skipDnsName()` would reject it. */
export function dnsNameText(data: DataView, msg: number, end: number, pos: number): string | null {
  if (walk(data, msg, end, pos, true) === BAD_NAME) return null;
  return text;
}

/** The text built by the last `walk(..., true)`. Module scope: one walk runs at a time. */
let text = "";
/** Character codes of one label, to make its string in one call; a label is at most 63 bytes. */
const MAX_LABEL_LEN = 63;
const codes = new Array<number>(MAX_LABEL_LEN).fill(0);
const PRINTABLE_FIRST = 0x21;
const PRINTABLE_LAST = 0x7e;
const BACKSLASH = 0x5c;

/** One label as text: printable bytes as they are, others escaped by `byteText()`. */
function labelText(data: DataView, start: number, end: number): string {
  const len = end - start;
  for (let i = 0; i < len; i++) {
    const b = data.getUint8(start + i);
    if (b < PRINTABLE_FIRST || b > PRINTABLE_LAST || b === BACKSLASH) {
      let slow = "";
      for (let j = start; j < end; j++) slow += byteText(data.getUint8(j));
      return slow;
    }
    codes[i] = b;
  }
  codes.length = len;
  const label = String.fromCharCode.apply(null, codes);
  codes.length = MAX_LABEL_LEN;
  return label;
}

function walk(data: DataView, msg: number, end: number, pos: number, build: boolean): number {
  let p = pos;
  let after = -1;
  let jumps = 0;
  let wire = 0;
  if (build) text = "";
  // Each turn consumes at least one byte of the 255-byte wire budget or one of the jumps.
  for (;;) {
    if (p < msg || p >= end) return BAD_NAME;
    const len = data.getUint8(p);
    if (len === 0) {
      if (after < 0) after = p + 1;
      if (build && text === "") text = ROOT_NAME;
      return wire + 1 > MAX_NAME_WIRE_BYTES ? BAD_NAME : after;
    }
    const type = len & LABEL_TYPE_MASK;
    if (type === POINTER_TYPE) {
      if (p + 2 > end || jumps === MAX_POINTER_JUMPS) return BAD_NAME;
      const target = msg + (data.getUint16(p) & POINTER_OFFSET_MASK);
      if (target >= p) return BAD_NAME;
      if (after < 0) after = p + 2;
      jumps++;
      p = target;
      continue;
    }
    // Types 0x40 and 0x80 (extended and binary labels, RFC 6891 section 5) are not names.
    if (type !== 0) return BAD_NAME;
    wire += len + 1;
    if (wire >= MAX_NAME_WIRE_BYTES || p + 1 + len > end) return BAD_NAME;
    if (build) {
      if (text !== "") text += ".";
      text += labelText(data, p + 1, p + 1 + len);
    }
    p += len + 1;
  }
}
