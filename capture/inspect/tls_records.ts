/**
 * The TLS record layer (RFC 8446 section 5.1; RFC 5246 section 6.2.1) as far as a ClientHello
 * needs it: the handshake bytes of the first records of a client's stream. A ClientHello
 * normally fills one record and is parsed where it lies; one spread over several records is
 * copied, record headers removed, into a scratch buffer allocated once.
 */
import {
  HANDSHAKE_CLIENT_HELLO,
  HANDSHAKE_HEADER_LEN,
  handshakeMessageLength,
  HelloParse,
  parseClientHello,
  SniSpan,
} from "./tls_client_hello.ts";

/** content type (1), legacy_record_version (2), length (2). */
export const TLS_RECORD_HEADER_LEN = 5;
const CONTENT_HANDSHAKE = 22;
/** Record versions 0x0300 (SSL 3.0) to 0x0304: the major byte is 3, the minor at most 4. */
const RECORD_MAJOR = 3;
const MAX_RECORD_MINOR = 4;
/** A plaintext record holds at most 2^14 bytes (RFC 8446 section 5.1). */
export const MAX_RECORD_LEN = 16384;
/** Handshake bytes gathered from several records: one ClientHello at its largest. */
export const MAX_HELLO_BYTES = MAX_RECORD_LEN;

const scratch = new Uint8Array(MAX_HELLO_BYTES);
const scratchView = new DataView(scratch.buffer);

/**
 * Whether `data[start, end)` begins a handshake record whose message is a ClientHello, or, for
 * fewer than 6 bytes, could begin one (a client may cut even the record header).
 */
export function startsClientHello(data: DataView, start: number, end: number): boolean {
  const avail = end - start;
  if (avail < 1 || data.getUint8(start) !== CONTENT_HANDSHAKE) return false;
  if (avail < 2) return true;
  if (data.getUint8(start + 1) !== RECORD_MAJOR) return false;
  if (avail < 3) return true;
  if (data.getUint8(start + 2) > MAX_RECORD_MINOR) return false;
  if (avail < TLS_RECORD_HEADER_LEN) return true;
  if (data.getUint16(start + 3) > MAX_RECORD_LEN) return false;
  return avail === TLS_RECORD_HEADER_LEN ||
    data.getUint8(start + TLS_RECORD_HEADER_LEN) === HANDSHAKE_CLIENT_HELLO;
}

function isHandshakeRecord(data: DataView, at: number): boolean {
  return data.getUint8(at) === CONTENT_HANDSHAKE && data.getUint8(at + 1) === RECORD_MAJOR &&
    data.getUint8(at + 2) <= MAX_RECORD_MINOR && data.getUint16(at + 3) <= MAX_RECORD_LEN;
}

/** Result of `scanClientHelloRecords()`: the SNI span and the view it lies in. */
export class HelloScan extends SniSpan {
  view: DataView = scratchView;
}

/**
 * Find the ClientHello's server name in the record stream `data[start, end)`. `complete`
 * means the ClientHello was read whole (`out.sniStart` -1 when it has no name); `incomplete`
 * that more stream bytes are needed; `invalid` that this is not a ClientHello stream.
 */
export function scanClientHelloRecords(
  data: DataView,
  start: number,
  end: number,
  out: HelloScan,
): HelloParse {
  out.sniStart = -1;
  out.sniEnd = -1;
  if (end - start < TLS_RECORD_HEADER_LEN + HANDSHAKE_HEADER_LEN) return HelloParse.incomplete;
  if (!startsClientHello(data, start, end)) return HelloParse.invalid;
  const first = start + TLS_RECORD_HEADER_LEN;
  const firstEnd = first + data.getUint16(start + 3);
  const needed = handshakeMessageLength(data, first, end);
  if (needed > MAX_HELLO_BYTES) return HelloParse.invalid;
  if (first + needed <= firstEnd) {
    // The usual case: the whole message inside the first record.
    out.view = data;
    return first + needed <= end ? parseClientHello(data, first, end, out) : HelloParse.incomplete;
  }
  // Gather the message from consecutive handshake records; each turn takes a whole record.
  let have = 0;
  let p = start;
  while (have < needed) {
    if (end - p < TLS_RECORD_HEADER_LEN) return HelloParse.incomplete;
    if (!isHandshakeRecord(data, p)) return HelloParse.invalid;
    const len = data.getUint16(p + 3);
    const body = p + TLS_RECORD_HEADER_LEN;
    const take = Math.min(len, needed - have, end - body);
    for (let i = 0; i < take; i++) scratch[have + i] = data.getUint8(body + i);
    have += take;
    if (take < len && have < needed) return HelloParse.incomplete;
    p = body + len;
  }
  out.view = scratchView;
  return parseClientHello(scratchView, 0, have, out);
}
