/**
 * Addresses as text, made only when a name event leaves the inspector. IPv6 follows the
 * canonical form of RFC 5952 section 4: lower-case hex, no leading zeros, the longest run of
 * two or more zero groups (the first one on a tie) shortened to "::".
 */

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

/** `len` 4 gives IPv4 text of `bytes`, 16 IPv6, anything else an empty string. */
export function ipText(bytes: Uint8Array, len: number): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (len === 4) return ipv4TextAt(view, 0);
  if (len === 16) return ipv6TextAt(view, 0);
  return "";
}
