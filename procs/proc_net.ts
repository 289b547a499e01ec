/**
 * Linux's socket tables: `/proc/net/tcp`, `tcp6`, `udp` and `udp6`, as the kernel prints them
 * (`tcp4_seq_show()`, `udp4_format_sock()` and their IPv6 twins).
 *
 * Each line is `sl: LOCAL REMOTE st tx:rx tr:when retrnsmt uid timeout inode ...`, an endpoint
 * being `ADDRESS:PORT` in hex: the port is a plain number, the address is the kernel's 32-bit
 * words printed as numbers in host byte order (little-endian here), so each word's bytes come
 * out reversed. The files list the network namespace of the reader, which is why the analyzer
 * (or its helper, which stays in that namespace) reads them itself.
 */

import { formatAddress } from "../net/ip_format.ts";
import { readProcText } from "../ffi/proc_files.ts";

export type SocketProtocol = "tcp" | "udp";

/** One socket as a table lists it. Addresses are text as the rest of wirescope writes them. */
export interface SocketEntry {
  protocol: SocketProtocol;
  localIp: string;
  localPort: number;
  /** `0.0.0.0`/`::` and port 0 for a socket that is not connected. */
  remoteIp: string;
  remotePort: number;
  /** The kernel's state number (TCP_ESTABLISHED = 1 ... TCP_LISTEN = 10; 7 for UDP). */
  state: number;
  uid: number;
  /** 0 for sockets no file refers to any longer (TCP's TIME_WAIT). */
  inode: number;
}

/** The four tables read, with the protocol each lists. */
export const PROC_NET_TABLES = [
  ["tcp", "tcp"],
  ["tcp6", "tcp"],
  ["udp", "udp"],
  ["udp6", "udp"],
] as const;

/**
 * Lines read per table: four tables of this many are the most sockets one refresh accounts for,
 * which bounds its time and memory however many sockets the host has (65,536 lines are ~12 MB
 * of text); a host past that gets the first ones and the rest counted unattributed.
 */
export const MAX_SOCKETS_PER_TABLE = 65_536;

const TCP_TIME_WAIT = 6;

/** Parse one table's text. Lines that do not read as a socket are skipped, never guessed. */
export function parseProcNet(
  text: string,
  protocol: SocketProtocol,
  out: SocketEntry[] = [],
  limit = MAX_SOCKETS_PER_TABLE,
): SocketEntry[] {
  const bytes = new Uint8Array(16);
  // A host has few addresses and tens of thousands of sockets: each address text is made once.
  const addresses = new Map<string, string | null>();
  const fields: string[] = [];
  let start = text.indexOf("\n") + 1; // the header line
  let taken = 0;
  while (start > 0 && start < text.length && taken < limit) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const entry = parseLine(text, start, end, protocol, fields, addresses, bytes);
    if (entry) {
      out.push(entry);
      taken++;
    }
    start = end + 1;
  }
  return out;
}

/** The first `FIELDS_READ` space-separated words of `text[start, end)` into `fields`. */
function splitFields(text: string, start: number, end: number, fields: string[]): number {
  let count = 0;
  let i = start;
  while (i < end && count < FIELDS_READ) {
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    const from = i;
    while (i < end && text.charCodeAt(i) !== SPACE) i++;
    if (i > from) fields[count++] = text.slice(from, i);
  }
  return count;
}

const SPACE = 0x20;
/** sl, local, remote, st, queues, timer, retransmits, uid, timeout, inode. */
const FIELDS_READ = 10;

function parseLine(
  text: string,
  start: number,
  end: number,
  protocol: SocketProtocol,
  fields: string[],
  addresses: Map<string, string | null>,
  bytes: Uint8Array,
): SocketEntry | null {
  if (splitFields(text, start, end, fields) < FIELDS_READ) return null;
  const local = splitEndpoint(fields[1]!, addresses, bytes);
  const remote = splitEndpoint(fields[2]!, addresses, bytes);
  if (!local || !remote) return null;
  const state = parseInt(fields[3]!, 16);
  const uid = Number(fields[7]);
  const inode = Number(fields[9]);
  if (!Number.isInteger(state) || !Number.isInteger(uid) || !Number.isInteger(inode)) return null;
  return {
    protocol,
    localIp: local.ip,
    localPort: local.port,
    remoteIp: remote.ip,
    remotePort: remote.port,
    state,
    uid,
    // A TIME_WAIT entry prints inode 0 already; say so whatever a kernel prints.
    inode: protocol === "tcp" && state === TCP_TIME_WAIT ? 0 : inode,
  };
}

/** `parseEndpoint` with the address text looked up in `addresses` first. */
function splitEndpoint(
  text: string,
  addresses: Map<string, string | null>,
  bytes: Uint8Array,
): { ip: string; port: number } | null {
  const colon = text.indexOf(":");
  if (colon < 0) return null;
  const hex = text.slice(0, colon);
  let ip = addresses.get(hex);
  if (ip === undefined) {
    ip = parseEndpoint(`${hex}:0`, bytes)?.ip ?? null;
    addresses.set(hex, ip);
  }
  const port = parseInt(text.slice(colon + 1), 16);
  if (ip === null || !(port >= 0 && port <= 0xffff)) return null;
  return { ip, port };
}

/** `0100007F:0277` -> 127.0.0.1 port 631; an IPv4-mapped IPv6 address becomes its IPv4 text. */
export function parseEndpoint(
  text: string,
  bytes: Uint8Array = new Uint8Array(16),
): { ip: string; port: number } | null {
  const colon = text.indexOf(":");
  const hex = text.slice(0, colon);
  if (colon < 0 || (hex.length !== 8 && hex.length !== 32) || !/^[0-9A-Fa-f]+$/.test(hex)) {
    return null;
  }
  const port = parseInt(text.slice(colon + 1), 16);
  if (!(port >= 0 && port <= 0xffff)) return null;
  const words = hex.length / 8;
  for (let w = 0; w < words; w++) {
    const word = parseInt(hex.slice(w * 8, w * 8 + 8), 16);
    // Host byte order: the word's low byte is the address's first.
    bytes[w * 4] = word & 0xff;
    bytes[w * 4 + 1] = (word >>> 8) & 0xff;
    bytes[w * 4 + 2] = (word >>> 16) & 0xff;
    bytes[w * 4 + 3] = word >>> 24;
  }
  if (words === 4 && isIPv4Mapped(bytes)) return { ip: formatAddress(bytes, 4, 12), port };
  return { ip: formatAddress(bytes, words * 4), port };
}

/** `::ffff:a.b.c.d` (RFC 4291 2.5.5.2): what a dual-stack socket shows for an IPv4 peer. */
function isIPv4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** Bytes read of one table at most: its line cap at the longest line (tcp6, ~180 bytes). */
const MAX_TABLE_BYTES = MAX_SOCKETS_PER_TABLE * 192;

/** Every socket of the reader's network namespace; a table that cannot be read is skipped. */
export function readProcNet(root = "/proc"): SocketEntry[] {
  const out: SocketEntry[] = [];
  for (const [file, protocol] of PROC_NET_TABLES) {
    // Through libc: Deno grants /proc/net only to --allow-all.
    const text = readProcText(`${root}/net/${file}`, MAX_TABLE_BYTES);
    // null: no IPv6 in this kernel, or no /proc; those sockets stay unattributed.
    if (text !== null) parseProcNet(text, protocol, out);
  }
  return out;
}
