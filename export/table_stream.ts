/**
 * Tables as streamed bodies: CSV (a header row, then one record per row) and NDJSON (one JSON
 * document per line, https://github.com/ndjson/ndjson-spec). Rows are serialised a batch at a
 * time as the reader pulls, so the text of the whole table never exists at once.
 */
import { csvRecord } from "./csv.ts";
import type { Column } from "./table_columns.ts";

/** Rows serialised per pull: big enough that a pull is worth a chunk, small enough to stream. */
export const ROWS_PER_CHUNK = 256;

/** A stream of `lines`, each produced only when the reader asks for more. */
function lineStream(lines: Iterator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let text = "";
      for (let i = 0; i < ROWS_PER_CHUNK; i++) {
        const next = lines.next();
        if (next.done) {
          if (text !== "") controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        text += next.value;
      }
      controller.enqueue(encoder.encode(text));
    },
  });
}

function* csvLines<Row>(columns: readonly Column<Row>[], rows: Iterable<Row>): Iterator<string> {
  yield csvRecord(columns.map((c) => c.name));
  for (const row of rows) yield csvRecord(columns.map((c) => c.value(row)));
}

function* ndjsonLines(rows: Iterable<unknown>): Iterator<string> {
  // JSON.stringify escapes CR and LF inside strings, so each document is one line.
  for (const row of rows) yield JSON.stringify(row) + "\n";
}

/** RFC 4180 CSV with a header row, even when there are no rows. */
export function csvStream<Row>(
  columns: readonly Column<Row>[],
  rows: Iterable<Row>,
): ReadableStream<Uint8Array> {
  return lineStream(csvLines(columns, rows));
}

/** One JSON document per row, each ending in "\n". */
export function ndjsonStream(rows: Iterable<unknown>): ReadableStream<Uint8Array> {
  return lineStream(ndjsonLines(rows));
}

/** The whole CSV text at once, for a report printed in one go. */
export function csvText<Row>(columns: readonly Column<Row>[], rows: Iterable<Row>): string {
  let text = "";
  const lines = csvLines(columns, rows);
  for (let next = lines.next(); !next.done; next = lines.next()) text += next.value;
  return text;
}
