/**
 * A Markdown table with padded columns, readable both as printed and once pasted into an
 * issue. Numeric-looking columns are right-aligned.
 */

/** Renders `rows` under `headers`; a column whose cells all start with a digit aligns right. */
export function markdownTable(headers: readonly string[], rows: readonly string[][]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const numeric = headers.map((_, c) =>
    rows.length > 0 && rows.every((r) => /^[\d.,]|^-$/.test(r[c] ?? ""))
  );
  const line = (cells: readonly string[]) =>
    "| " +
    widths.map((w, c) => {
      const cell = cells[c] ?? "";
      return numeric[c] ? cell.padStart(w) : cell.padEnd(w);
    }).join(" | ") +
    " |";
  const rule = "|" + widths.map((w, c) => numeric[c] ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))
    .join("|") +
    "|";
  return [line(headers), rule, ...rows.map(line)].join("\n");
}

/** 1234567.8 -> "1,234,568". */
export function formatInt(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** A number with `digits` decimals, or "-" when undefined. */
export function formatFixed(value: number | undefined, digits: number): string {
  return value === undefined || !Number.isFinite(value) ? "-" : value.toFixed(digits);
}
