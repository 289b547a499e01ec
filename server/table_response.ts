/**
 * `format=json|csv|ndjson` for the table routes (`/api/flows`, `/api/hosts`, `/api/packets`).
 * JSON is the route's usual document; CSV (RFC 4180, header row) and NDJSON are the table's
 * rows alone, streamed a batch at a time (export/table_stream.ts), and named for saving.
 */
import { csvStream, ndjsonStream } from "../export/table_stream.ts";
import type { Column } from "../export/table_columns.ts";
import { API_HEADERS, jsonResponse } from "./json_response.ts";
import type { QueryParams } from "./query.ts";

export const TABLE_FORMATS = ["json", "csv", "ndjson"] as const;
export type TableFormat = typeof TABLE_FORMATS[number];
/** The parameter table routes add to their own. */
export const TABLE_PARAMETERS = ["format"] as const;

/** `?format=`, json when absent; 400 for any other word. */
export function readTableFormat(q: QueryParams): TableFormat {
  return q.oneOf("format", TABLE_FORMATS) ?? "json";
}

export interface Table<Row> {
  /** For the saved file's name: `wirescope-<name>.csv`. */
  name: string;
  rows: readonly Row[];
  /** CSV columns, asked for only when CSV is. */
  columns: () => readonly Column<Row>[];
  /** The route's JSON document, asked for only when JSON is. */
  json: () => unknown;
}

/** RFC 4180's media type; `header=present` says the first record names the columns. */
const CSV_TYPE = "text/csv; charset=utf-8; header=present";
const NDJSON_TYPE = "application/x-ndjson; charset=utf-8";

export function tableResponse<Row>(
  format: TableFormat,
  table: Table<Row>,
  pretty: boolean,
): Response {
  if (format === "json") return jsonResponse(table.json(), { pretty });
  const headers = new Headers(API_HEADERS);
  headers.set("content-type", format === "csv" ? CSV_TYPE : NDJSON_TYPE);
  headers.set("content-disposition", `attachment; filename="wirescope-${table.name}.${format}"`);
  const body = format === "csv" ? csvStream(table.columns(), table.rows) : ndjsonStream(table.rows);
  return new Response(body, { headers });
}
