/**
 * HTTP/1.x request heads (RFC 9112 sections 3 and 5): the request line and the Host header.
 * Also SSDP (UPnP over UDP), which borrows the format. The parser records offsets in a reused
 * `HttpHead`, so text is made only for a request that has a Host.
 */

/**
 * Bytes of a request head searched for its end. Servers commonly refuse heads past 8 KiB
 * (nginx's default large_client_header_buffers, Apache's LimitRequestLine); a longer head is
 * not followed.
 */
export const MAX_HTTP_HEAD_BYTES = 8192;
/** Request target characters reported; a longer one is left out of the event. */
export const MAX_HTTP_PATH_CHARS = 1024;
/** Header lines read per head: the same 8 KiB bound in shortest-line terms, with a margin. */
const MAX_HEADER_LINES = 256;

/**
 * The methods a request may start with: RFC 9110's, PATCH (RFC 5789), WebDAV's (RFC 4918),
 * and SSDP's (UPnP Device Architecture 2.0). Matching a list, not any token, keeps text
 * protocols on other ports (SMTP's "EHLO", IMAP tags) from being scanned to their line ends.
 */
const METHODS = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "CONNECT",
  "OPTIONS",
  "TRACE",
  "PATCH",
  "PROPFIND",
  "PROPPATCH",
  "MKCOL",
  "COPY",
  "MOVE",
  "LOCK",
  "UNLOCK",
  "M-SEARCH",
  "NOTIFY",
  "SUBSCRIBE",
  "UNSUBSCRIBE",
].map((m) => Uint8Array.from(m, (c) => c.charCodeAt(0)));
/**
 * 1 for a byte some method starts with: most TCP payloads (TLS records, the middle of a
 * transfer) start with none of them and are turned away by one lookup, not 20 comparisons.
 */
const METHOD_FIRST_BYTES = new Uint8Array(256);
for (const method of METHODS) METHOD_FIRST_BYTES[method[0]!] = 1;

const SP = 0x20;
const HTAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const COLON = 0x3a;
const CASE_BIT = 0x20;
/** "HTTP/1." at the end of the request line (RFC 9112 section 2.3). */
const VERSION_PREFIX = Uint8Array.from("HTTP/1.", (c) => c.charCodeAt(0));
const HOST = Uint8Array.from("host", (c) => c.charCodeAt(0));
const CONTENT_LENGTH = Uint8Array.from("content-length", (c) => c.charCodeAt(0));
/** Content-Length digits read: 15 digits stay exact in a double. */
const MAX_LENGTH_DIGITS = 15;

export const HttpParse = {
  /** The bytes do not start an HTTP/1.x request. */
  notHttp: 0,
  /** A request line was recognised but the head does not end within the bytes given. */
  incomplete: 1,
  complete: 2,
} as const;
export type HttpParse = typeof HttpParse[keyof typeof HttpParse];

/** Offsets of one parsed request head; -1 for what it lacks. */
export class HttpHead {
  methodEnd = -1;
  targetStart = -1;
  targetEnd = -1;
  hostStart = -1;
  hostEnd = -1;
  /** Offset just past the blank line that ends the head. */
  headEnd = -1;
  /** Content-Length, or -1 when absent or unreadable. */
  contentLength = -1;
}

/** Length of the known method that `data[start, end)` begins with, followed by SP; else 0. */
export function requestMethodLength(data: DataView, start: number, end: number): number {
  if (end - start < 4) return 0;
  const first = data.getUint8(start);
  if (METHOD_FIRST_BYTES[first] === 0) return 0;
  for (const method of METHODS) {
    if (method[0] !== first) continue;
    const len = method.length;
    if (end - start <= len || data.getUint8(start + len) !== SP) continue;
    let i = 1;
    while (i < len && data.getUint8(start + i) === method[i]) i++;
    if (i === len) return len;
  }
  return 0;
}

/** Parse the request head at `start`, reading no further than `end`, into `out`. */
export function parseHttpRequest(
  data: DataView,
  start: number,
  end: number,
  out: HttpHead,
): HttpParse {
  const methodLen = requestMethodLength(data, start, end);
  if (methodLen === 0) return HttpParse.notHttp;
  out.methodEnd = start + methodLen;
  out.targetStart = out.methodEnd + 1;
  out.targetEnd = -1;
  out.hostStart = -1;
  out.hostEnd = -1;
  out.headEnd = -1;
  out.contentLength = -1;
  const limit = end - start > MAX_HTTP_HEAD_BYTES ? start + MAX_HTTP_HEAD_BYTES : end;
  let lineEnd = findLf(data, out.targetStart, limit);
  if (lineEnd < 0) return limit < end ? HttpParse.notHttp : pending(end - start);
  const lineStop = trimCr(data, out.targetStart, lineEnd);
  // The line ends in " HTTP/1.x": the version is 8 bytes, preceded by SP.
  const version = lineStop - VERSION_PREFIX.length - 1;
  if (version <= out.targetStart || data.getUint8(version - 1) !== SP) return HttpParse.notHttp;
  if (!matches(data, version, VERSION_PREFIX, false)) return HttpParse.notHttp;
  out.targetEnd = version - 1;
  for (let lines = 0; lines < MAX_HEADER_LINES; lines++) {
    const lineStart = lineEnd + 1;
    lineEnd = findLf(data, lineStart, limit);
    if (lineEnd < 0) return limit < end ? HttpParse.notHttp : pending(end - start);
    const stop = trimCr(data, lineStart, lineEnd);
    if (stop === lineStart) {
      out.headEnd = lineEnd + 1;
      return HttpParse.complete;
    }
    readHeader(data, lineStart, stop, out);
  }
  return HttpParse.notHttp;
}

/** A head not yet ended is worth waiting for only while it is under the size bound. */
function pending(seen: number): HttpParse {
  return seen < MAX_HTTP_HEAD_BYTES ? HttpParse.incomplete : HttpParse.notHttp;
}

function readHeader(data: DataView, start: number, stop: number, out: HttpHead): void {
  if (out.hostStart < 0 && isField(data, start, stop, HOST)) {
    let s = start + HOST.length + 1;
    let e = stop;
    while (s < e && isOws(data.getUint8(s))) s++;
    while (e > s && isOws(data.getUint8(e - 1))) e--;
    out.hostStart = s;
    out.hostEnd = e;
  } else if (isField(data, start, stop, CONTENT_LENGTH)) {
    let s = start + CONTENT_LENGTH.length + 1;
    while (s < stop && isOws(data.getUint8(s))) s++;
    let value = 0;
    let digits = 0;
    for (; s < stop && digits < MAX_LENGTH_DIGITS; s++, digits++) {
      const d = data.getUint8(s) - 0x30;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
    }
    out.contentLength = digits > 0 ? value : -1;
  }
}

/** Whether the line `data[start, stop)` is the header `name` (case-insensitive) and a colon. */
function isField(data: DataView, start: number, stop: number, name: Uint8Array): boolean {
  return stop - start > name.length && data.getUint8(start + name.length) === COLON &&
    matches(data, start, name, true);
}

function matches(data: DataView, at: number, text: Uint8Array, foldCase: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const b = data.getUint8(at + i);
    if ((foldCase ? b | CASE_BIT : b) !== text[i]) return false;
  }
  return true;
}

function findLf(data: DataView, from: number, limit: number): number {
  for (let i = from; i < limit; i++) if (data.getUint8(i) === LF) return i;
  return -1;
}

function trimCr(data: DataView, start: number, lf: number): number {
  return lf > start && data.getUint8(lf - 1) === CR ? lf - 1 : lf;
}

function isOws(b: number): boolean {
  return b === SP || b === HTAB;
}
