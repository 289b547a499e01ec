/**
 * Protocol text (host names, methods, header values) as a JS string. Only printable ASCII is
 * kept as is; any other byte becomes `\xNN`, so a hostile name can neither inject control
 * characters into a log line nor pass for a different name.
 */

const PRINTABLE_FIRST = 0x20;
const PRINTABLE_LAST = 0x7e;
const BACKSLASH = 0x5c;

/** The bytes `data[start, end)` as text; the caller bounds `end - start`. */
export function asciiText(data: DataView, start: number, end: number): string {
  let text = "";
  for (let i = start; i < end; i++) text += byteText(data.getUint8(i));
  return text;
}

/** One byte as text, escaped as `\xNN` unless printable (a backslash is escaped too). */
export function byteText(b: number): string {
  if (b >= PRINTABLE_FIRST && b <= PRINTABLE_LAST && b !== BACKSLASH) {
    return String.fromCharCode(b);
  }
  return `\\x${b.toString(16).padStart(2, "0")}`;
}
