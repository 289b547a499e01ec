/**
 * The names panel's lists: a `{name: count}` object from /stats (already cut to the server's
 * NAME_REPORT_LIMIT) as the few busiest names, most counted first.
 */

export interface NameRow {
  name: string;
  count: number;
}

/** Most counted first; equal counts by name, so a list does not reshuffle between updates. */
export function topNames(
  counts: Readonly<Record<string, number>> | undefined,
  limit: number,
): NameRow[] {
  const rows: NameRow[] = [];
  if (!counts) return rows;
  for (const name in counts) rows.push({ name, count: counts[name] ?? 0 });
  rows.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return rows.slice(0, limit);
}

/** The sum of all counts: what a list's "n in all" says. */
export function totalCount(counts: Readonly<Record<string, number>> | undefined): number {
  let total = 0;
  if (counts) { for (const name in counts) total += counts[name] ?? 0; }
  return total;
}
