/**
 * Application bytes at the start of a payload, where a dissector looks: an HTTP/1.1 request or
 * response head, an NTP message, a QUIC header. The rest of a payload is pseudo-random (it
 * stands for encrypted or compressed data). Without these heads, tshark would dissect random
 * bytes on port 80, 123 or 443 and report malformed packets that no real capture has.
 */

export const HTTP_PORTS: readonly number[] = [80, 8080];
export const NTP_PORT = 123;
export const QUIC_PORT = 443;

const encoder = new TextEncoder();
/** The request line and headers before the padding header, which takes the length up. */
const REQUEST_HEAD = encoder.encode(
  "GET /assets/app.js HTTP/1.1\r\nHost: www.example.com\r\nAccept: */*\r\nX-Pad: ",
);
/**
 * A response whose body runs until the server closes (RFC 9112 section 6.3, rule 8): the
 * following segments, whatever their number, are body.
 */
const RESPONSE_HEAD = encoder.encode(
  "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
);
const CRLF_CRLF = encoder.encode("\r\n\r\n");
/** The shortest request we can write: the head, one padding byte and the blank line. */
export const MIN_HTTP_REQUEST = REQUEST_HEAD.length + 1 + CRLF_CRLF.length;
export const MIN_HTTP_RESPONSE = RESPONSE_HEAD.length;
/** Byte written as padding in the X-Pad header value: a visible ASCII letter. */
const PAD = 0x61;

/** An HTTP/1.1 GET exactly `length` bytes long (at least `MIN_HTTP_REQUEST`). */
export function writeHttpRequest(bytes: Uint8Array, at: number, length: number): void {
  bytes.set(REQUEST_HEAD, at);
  const padEnd = at + length - CRLF_CRLF.length;
  bytes.fill(PAD, at + REQUEST_HEAD.length, padEnd);
  bytes.set(CRLF_CRLF, padEnd);
}

/** A response head at the start of the first data segment; the body bytes are already there. */
export function writeHttpResponseHead(bytes: Uint8Array, at: number): void {
  bytes.set(RESPONSE_HEAD, at);
}

export const NTP_MESSAGE = 48;
/** LI 0, version 4, mode 3 (client) or 4 (server) (RFC 5905 figure 8). */
const NTP_CLIENT = 0x23;
const NTP_SERVER = 0x24;
const NTP_POLL = 6;
/** 2^-20 s, a typical precision exponent. */
const NTP_PRECISION = -20;
/** Seconds between the NTP era (1900) and the Unix epoch (1970). */
const NTP_UNIX_OFFSET = 2_208_988_800;

/** A client request or server reply of 48 bytes, with the given time in the timestamps. */
export function writeNtp(view: DataView, at: number, server: boolean, clockMs: number): void {
  for (let k = 0; k < NTP_MESSAGE; k += 4) view.setUint32(at + k, 0);
  const seconds = (Math.floor(clockMs / 1000) + NTP_UNIX_OFFSET) >>> 0;
  const fraction = ((clockMs % 1000) / 1000 * 0x1_0000_0000) >>> 0;
  view.setUint8(at, server ? NTP_SERVER : NTP_CLIENT);
  view.setUint8(at + 2, NTP_POLL);
  view.setInt8(at + 3, NTP_PRECISION);
  if (server) {
    view.setUint8(at + 1, 2); // stratum 2
    view.setUint32(at + 12, 0xc000_0201); // reference ID: the upstream's IPv4 address
    for (const field of [16, 32, 40]) { // reference, receive and transmit timestamps
      view.setUint32(at + field, seconds);
      view.setUint32(at + field + 4, fraction);
    }
  }
  view.setUint32(at + 40, seconds);
  view.setUint32(at + 44, fraction);
}

/** Connection IDs are 8 bytes, as most QUIC stacks choose (RFC 9000 section 5.1). */
const CID_LENGTH = 8;
/** Long header, fixed bit, type Initial, 2-byte packet number (RFC 9000 section 17.2.2). */
const QUIC_INITIAL_FIRST_BYTE = 0xc1;
/** Short header with the fixed bit set (RFC 9000 section 17.3.1). */
const QUIC_SHORT_FIRST_BYTE = 0x40;
const QUIC_VERSION_1 = 0x0000_0001;
/** The bytes a long header takes before its payload with 8-byte CIDs and no token. */
const QUIC_LONG_HEADER = 1 + 4 + 1 + CID_LENGTH + 1 + CID_LENGTH + 1 + 2;

/**
 * The header of a QUIC packet over the random bytes already at `at`: a client's Initial for
 * the first packet of a connection, short-header 1-RTT packets afterwards. `cid` numbers the
 * connection and gives both connection IDs.
 */
export function writeQuicHeader(
  view: DataView,
  at: number,
  length: number,
  initial: boolean,
  toServer: boolean,
  cid: number,
): void {
  if (!initial) {
    view.setUint8(at, QUIC_SHORT_FIRST_BYTE | (view.getUint8(at) & 0x03));
    writeCid(view, at + 1, cid, toServer);
    return;
  }
  view.setUint8(at, QUIC_INITIAL_FIRST_BYTE);
  view.setUint32(at + 1, QUIC_VERSION_1);
  view.setUint8(at + 5, CID_LENGTH);
  writeCid(view, at + 6, cid, true);
  view.setUint8(at + 6 + CID_LENGTH, CID_LENGTH);
  writeCid(view, at + 7 + CID_LENGTH, cid, false);
  view.setUint8(at + 7 + 2 * CID_LENGTH, 0); // token length
  // Length of packet number and payload, as a 2-byte variable-length integer (RFC 9000 16).
  view.setUint16(at + 8 + 2 * CID_LENGTH, 0x4000 | (length - QUIC_LONG_HEADER));
}

/** The server's (toServer) or the client's connection ID of connection `cid`. */
function writeCid(view: DataView, at: number, cid: number, server: boolean): void {
  view.setUint32(at, server ? 0x5e5e_0000 : 0xc1c1_0000);
  view.setUint32(at + 4, cid >>> 0);
}

/**
 * Opaque datagrams on unregistered ports start with a byte below 0x40, so that the RTP and
 * RTCP heuristics (version 2 in the top two bits, RFC 3550 section 5.1) never claim them.
 */
export function writeOpaqueHead(view: DataView, at: number): void {
  view.setUint8(at, view.getUint8(at) & 0x3f);
}
