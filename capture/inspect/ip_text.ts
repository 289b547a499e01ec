/**
 * Addresses as text, made only when a name event leaves the inspector. IPv6 follows the
 * canonical form of RFC 5952 section 4: lower-case hex, no leading zeros, the longest run of
 * two or more zero groups (the first one on a tie) shortened to "::".
 */
import { hashBytes, TextCache } from "./text_cache.ts";

/**
 * Address strings remembered: every name event carries two, and a DNS answer more, mostly of
 * the same few hosts (the resolver, the local machine, popular servers). 1024 slots of 16
 * bytes are 16 KiB; a miss only costs making the string.
 */
export const ADDRESS_TEXT_SLOTS = 1024;
const IPV4_LEN = 4;
const IPV6_LEN = 16;
const addressCache = new TextCache(ADDRESS_TEXT_SLOTS, IPV6_LEN);

/** IPv4 dotted quad of the 4 bytes at `at`. */
export function ipv4TextAt(data: DataView, at: number): string {
  return `${data.getUint8(at)}.${data.getUint8(at + 1)}.${data.getUint8(at + 2)}.${
    data.getUint8(at + 3)
  }`;
}

/** IPv6 text of the 16 bytes at `at` (RFC 5952). */
export function ipv6TextAt(data: DataView, at: number): string {
  let bestStart = -1;
  let bestLen = 0;
  let runStart = -1;
  for (let i = 0; i <= 8; i++) {
    const zero = i < 8 && data.getUint16(at + 2 * i) === 0;
    if (zero && runStart < 0) runStart = i;
    if (!zero && runStart >= 0) {
      // RFC 5952 section 4.2.2: a single zero group is not shortened.
      if (i - runStart > bestLen && i - runStart >= 2) {
        bestStart = runStart;
        bestLen = i - runStart;
      }
      runStart = -1;
    }
  }
  let text = "";
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += "::";
      i += bestLen - 1;
      continue;
    }
    if (text !== "" && !text.endsWith(":")) text += ":";
    text += data.getUint16(at + 2 * i).toString(16);
  }
  return text;
}

/**
 * Text of the address `bytes[at, at+len)`: `len` 4 gives IPv4, 16 IPv6, anything else an
 * empty string. Remembered, so a repeated address makes no new string.
 */
export function addressText(bytes: Uint8Array, at: number, len: number): string {
  if (len !== IPV4_LEN && len !== IPV6_LEN) return "";
  const hash = hashBytes(bytes, at, len);
  const known = addressCache.get(bytes, at, len, hash);
  if (known !== undefined) return known;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, len);
  const text = len === IPV4_LEN ? ipv4TextAt(view, 0) : ipv6TextAt(view, 0);
  addressCache.set(bytes, at, len, hash, text);
  return text;
}

/** `len` 4 gives IPv4 text of `bytes`, 16 IPv6, anything else an empty string. */
export function ipText(bytes: Uint8Array, len: number): string {
  return addressText(bytes, 0, len);
}
