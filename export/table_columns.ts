/**
 * A table's columns for export: each has the name written in the CSV header row and reads its
 * cell from a row. The same list serves the API's `format=csv` and `--report csv`.
 */
import type { CellValue } from "./csv.ts";

export interface Column<Row> {
  /** Header name: the JSON field it comes from, so CSV and JSON users speak of the same thing. */
  name: string;
  value(row: Row): CellValue;
}

/** The three rates `[2 s, 10 s, 40 s]` a record keeps, as three columns named `<name>2s`... */
export function rateColumns<Row>(
  name: string,
  rates: (row: Row) => readonly [number, number, number],
): Column<Row>[] {
  return [
    { name: `${name}2s`, value: (row) => rates(row)[0] },
    { name: `${name}10s`, value: (row) => rates(row)[1] },
    { name: `${name}40s`, value: (row) => rates(row)[2] },
  ];
}
