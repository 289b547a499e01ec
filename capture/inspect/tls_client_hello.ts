/**
 * The server_name extension (RFC 6066 section 3) of a TLS ClientHello (RFC 8446 section 4.1.2;
 * the same layout since SSL 3.0 with extensions, RFC 5246 section 7.4.1.2). The input is the
 * handshake message itself: from a TLS record stream (`tls_records.ts`) or a QUIC CRYPTO
 * stream (RFC 9001 section 4). Offsets only; nothing is allocated.
 */

/** msg_type (1) and a 24-bit length (RFC 8446 section 4). */
export const HANDSHAKE_HEADER_LEN = 4;
export const HANDSHAKE_CLIENT_HELLO = 1;
/** legacy_version and random, before the variable-length fields. */
const VERSION_AND_RANDOM_LEN = 2 + 32;
const EXT_SERVER_NAME = 0;
const NAME_TYPE_HOST_NAME = 0;
/** A DNS host name is at most 253 characters (RFC 1035 section 2.3.4, as text). */
export const MAX_SNI_LEN = 253;

export const HelloParse = {
  /** Not a ClientHello, or one whose fields contradict their lengths. */
  invalid: 0,
  /** The message is longer than the bytes given. */
  incomplete: 1,
  /** Fully read; `sniStart` is -1 when it has no host_name. */
  complete: 2,
} as const;
export type HelloParse = typeof HelloParse[keyof typeof HelloParse];

/** Where the host_name of the last parsed ClientHello lies in its input. */
export class SniSpan {
  sniStart = -1;
  sniEnd = -1;
}

/** Total length (header included) of the handshake message at `start`, or -1. */
export function handshakeMessageLength(data: DataView, start: number, end: number): number {
  if (end - start < HANDSHAKE_HEADER_LEN) return -1;
  return HANDSHAKE_HEADER_LEN + ((data.getUint8(start + 1) << 16) | data.getUint16(start + 2));
}

/** Parse the ClientHello handshake message at `start` (type byte first) into `out`. */
export function parseClientHello(
  data: DataView,
  start: number,
  end: number,
  out: SniSpan,
): HelloParse {
  out.sniStart = -1;
  out.sniEnd = -1;
  if (end - start < HANDSHAKE_HEADER_LEN) return HelloParse.incomplete;
  if (data.getUint8(start) !== HANDSHAKE_CLIENT_HELLO) return HelloParse.invalid;
  const msgEnd = start + handshakeMessageLength(data, start, end);
  if (msgEnd > end) return HelloParse.incomplete;
  let p = start + HANDSHAKE_HEADER_LEN + VERSION_AND_RANDOM_LEN;
  // session_id<0..32>, cipher_suites<2..2^16-2>, compression_methods<1..2^8-1>.
  if (p + 1 > msgEnd) return HelloParse.invalid;
  p += 1 + data.getUint8(p);
  if (p + 2 > msgEnd) return HelloParse.invalid;
  p += 2 + data.getUint16(p);
  if (p + 1 > msgEnd) return HelloParse.invalid;
  p += 1 + data.getUint8(p);
  if (p === msgEnd) return HelloParse.complete;
  if (p + 2 > msgEnd) return HelloParse.invalid;
  const extEnd = p + 2 + data.getUint16(p);
  if (extEnd > msgEnd) return HelloParse.invalid;
  p += 2;
  // Each turn advances by at least the 4-byte extension header, so the walk is bounded.
  while (p + 4 <= extEnd) {
    const type = data.getUint16(p);
    const len = data.getUint16(p + 2);
    const body = p + 4;
    if (body + len > extEnd) return HelloParse.invalid;
    if (type === EXT_SERVER_NAME) return readServerName(data, body, body + len, out);
    p = body + len;
  }
  return HelloParse.complete;
}

/** The first host_name of a ServerNameList (RFC 6066 section 3). */
function readServerName(data: DataView, start: number, end: number, out: SniSpan): HelloParse {
  if (end - start < 2) return HelloParse.invalid;
  const listEnd = start + 2 + data.getUint16(start);
  if (listEnd > end) return HelloParse.invalid;
  let p = start + 2;
  while (p + 3 <= listEnd) {
    const type = data.getUint8(p);
    const len = data.getUint16(p + 1);
    const name = p + 3;
    if (name + len > listEnd) return HelloParse.invalid;
    if (type === NAME_TYPE_HOST_NAME && len > 0 && len <= MAX_SNI_LEN) {
      out.sniStart = name;
      out.sniEnd = name + len;
      return HelloParse.complete;
    }
    p = name + len;
  }
  return HelloParse.complete;
}
