/**
 * CSV as RFC 4180 defines it: records end in CRLF; a field holding a comma, a double quote, CR
 * or LF is enclosed in double quotes, and a double quote inside one is doubled.
 *
 * One addition for spreadsheets: names come off the wire, so anyone can send one that starts
 * with `=`, `+`, `-`, `@`, tab or CR, which Excel and LibreOffice would run as a formula
 * ("CSV injection", OWASP). Such text fields get a leading `'`, the usual neutraliser;
 * numbers are never touched, so a negative number stays a number.
 */

/** What a table cell holds; null and undefined are written as an empty field. */
export type CellValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
/** RFC 4180 section 2, rule 1: every record, the last one included, ends in CRLF. */
export const CSV_LINE_END = "\r\n";

/** One field, quoted when RFC 4180 requires it. */
export function csvField(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF included. */
export function csvRecord(values: readonly CellValue[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ",";
    line += csvField(values[i]);
  }
  return line + CSV_LINE_END;
}
