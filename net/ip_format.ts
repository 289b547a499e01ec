/**
 * Address text, made only when data leaves the statistics engine (snapshots, API rows).
 *
 * IPv6 text follows RFC 5952 section 4 (lowercase hex, leading zeros dropped, the longest run of
 * two or more zero groups replaced by "::", the first run on a tie) with the one extension that
 * tshark shows, because it prints through the C library's inet_ntop: an address whose first six
 * groups are zero (IPv4-compatible, RFC 4291 section 2.5.5.1) or that is IPv4-mapped
 * (`::ffff:a.b.c.d`, RFC 4291 section 2.5.5.2, recommended by RFC 5952 section 5) ends in dotted
 * quad. `::` and `::1`, whose zero run is seven or eight groups long, stay hex.
 */

const HEX_GROUPS = 8;

/** Dotted-quad text of an IPv4 address held as an unsigned 32-bit number. */
export function formatIPv4(addr: number): string {
  return `${addr >>> 24}.${(addr >>> 16) & 0xff}.${(addr >>> 8) & 0xff}.${addr & 0xff}`;
}

/**
 * Rank of each octet value's decimal text in code-point order ("0" < "1" < "10" < "100" <
 * "101"... < "99"): a prefix sorts first, as "1." and "1" (end of text) sort before "10".
 */
const OCTET_TEXT_RANK = (() => {
  const byText = Array.from({ length: 256 }, (_, v) => v).sort((a, b) => {
    const x = String(a), y = String(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const rank = new Uint8Array(256);
  byText.forEach((v, r) => rank[v] = r);
  return rank;
})();

/**
 * A number that orders IPv4 addresses (unsigned 32-bit) exactly as `formatIPv4()` text orders
 * them in code-point order, without making the text: octet by octet, each by `OCTET_TEXT_RANK`.
 */
export function ipv4TextOrder(addr: number): number {
  return ((OCTET_TEXT_RANK[addr >>> 24]! << 24) | (OCTET_TEXT_RANK[(addr >>> 16) & 0xff]! << 16) |
    (OCTET_TEXT_RANK[(addr >>> 8) & 0xff]! << 8) | OCTET_TEXT_RANK[addr & 0xff]!) >>> 0;
}

/** Dotted-quad text of the four bytes at `offset`. */
export function formatIPv4Bytes(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** RFC 5952 text of the 16 bytes at `offset`, exactly as tshark prints `ipv6.src`. */
export function formatIPv6(bytes: Uint8Array, offset = 0): string {
  const groups: number[] = [];
  for (let i = 0; i < HEX_GROUPS; i++) {
    groups.push(((bytes[offset + 2 * i] ?? 0) << 8) | (bytes[offset + 2 * i + 1] ?? 0));
  }
  // Longest run of zero groups; a strict ">" keeps the first run on a tie (RFC 5952 4.2.3).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < HEX_GROUPS;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < HEX_GROUPS && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  // A single zero group is never shortened to "::" (RFC 5952 4.2.2).
  if (bestLen < 2) bestStart = -1;
  const embedsIPv4 = bestStart === 0 &&
    (bestLen === 6 || (bestLen === 5 && groups[5] === 0xffff));
  let out = "";
  for (let i = 0; i < HEX_GROUPS; i++) {
    if (i === bestStart) {
      out += "::";
      i += bestLen - 1;
      continue;
    }
    if (out.length > 0 && !out.endsWith(":")) out += ":";
    if (i === 6 && embedsIPv4) return out + formatIPv4Bytes(bytes, offset + 12);
    out += (groups[i] ?? 0).toString(16);
  }
  return out;
}

/** Text of an address of `len` bytes (4 or 16); the empty string for any other length. */
export function formatAddress(bytes: Uint8Array, len: number, offset = 0): string {
  if (len === 4) return formatIPv4Bytes(bytes, offset);
  if (len === 16) return formatIPv6(bytes, offset);
  return "";
}

/** Colon-separated lowercase MAC text of the six bytes at `offset`. */
export function formatMac(bytes: Uint8Array, offset = 0): string {
  let out = "";
  for (let i = 0; i < 6; i++) {
    if (i > 0) out += ":";
    out += (bytes[offset + i] ?? 0).toString(16).padStart(2, "0");
  }
  return out;
}

/** An address parsed from text: `len` is 4 or 16 and `bytes` holds it in network order. */
export interface ParsedAddress {
  len: 4 | 16;
  bytes: Uint8Array;
}

const IPV4_TEXT = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const MAX_HEX_GROUP = 0xffff;

/** Parse IPv4 dotted-quad or IPv6 text (any valid RFC 4291 form); null when it is neither. */
export function parseAddress(text: string): ParsedAddress | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return { len: 4, bytes: v4 };
  const v6 = parseIPv6(text);
  return v6 === null ? null : { len: 16, bytes: v6 };
}

function parseIPv4(text: string): Uint8Array | null {
  const m = IPV4_TEXT.exec(text);
  if (m === null) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const n = Number(m[i + 1]);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

function parseIPv6(text: string): Uint8Array | null {
  const lower = text.toLowerCase();
  const halves = lower.split("::");
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0] ?? "", halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? "", true) : [];
  if (head === null || tail === null) return null;
  const total = head.length + tail.length;
  if (halves.length === 1 ? total !== HEX_GROUPS : total > HEX_GROUPS - 1) return null;
  const groups = [...head, ...new Array<number>(HEX_GROUPS - total).fill(0), ...tail];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** Hex groups of one side of "::"; a trailing dotted quad counts as two groups. */
function parseGroups(part: string, mayEndInIPv4: boolean): number[] | null {
  if (part === "") return [];
  const fields = part.split(":");
  const groups: number[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] ?? "";
    if (i === fields.length - 1 && mayEndInIPv4 && f.includes(".")) {
      const v4 = parseIPv4(f);
      if (v4 === null) return null;
      groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      continue;
    }
    if (!/^[0-9a-f]{1,4}$/.test(f)) return null;
    const n = parseInt(f, 16);
    if (n > MAX_HEX_GROUP) return null;
    groups.push(n);
  }
  return groups;
}
