/**
 * Bytes as `tcpdump -X` / `xxd` show them: rows of 16 with the offset, the hex and a safe text
 * column where every byte outside printable ASCII is a dot (so no control character, escape
 * sequence or markup from the wire ever reaches the page as such).
 */

/** Bytes per row, as tcpdump -X and xxd. */
export const HEX_ROW_BYTES = 16;

export interface HexRow {
  /** Offset of the row's first byte, as four hex digits ("0010"). */
  offset: string;
  /** Bytes as hex pairs, a space between each ("47 45 54 20"). */
  hex: string;
  /** Printable ASCII (0x20-0x7e) as itself, everything else ".". */
  text: string;
}

/** `rowBytes` a row (16 by default, as tcpdump -X; fewer where the column is narrow). */
export function hexDumpRows(bytes: Uint8Array, rowBytes = HEX_ROW_BYTES): HexRow[] {
  const rows: HexRow[] = [];
  for (let start = 0; start < bytes.length; start += rowBytes) {
    const hex: string[] = [];
    let text = "";
    for (let i = start; i < Math.min(start + rowBytes, bytes.length); i++) {
      const b = bytes[i]!;
      hex.push(b.toString(16).padStart(2, "0"));
      text += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : ".";
    }
    rows.push({ offset: start.toString(16).padStart(4, "0"), hex: hex.join(" "), text });
  }
  return rows;
}

/** "47455420" -> the bytes; throws SyntaxError for an odd length or a non-hex digit. */
export function bytesFromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) {
    throw new SyntaxError(`Cannot read hex "${hex.slice(0, 16)}": expected pairs of hex digits`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
