/** @jsxImportSource npm:preact@10 */
/** "21–40 of 93" with previous/next buttons. */

import { formatCount } from "../../format/units.ts";

export interface PagerProps {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}

export function Pager({ page, pageSize, total, onPage }: PagerProps) {
  const from = total === 0 ? 0 : page * pageSize + 1;
  const to = Math.min(total, (page + 1) * pageSize);
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>
        ‹ Previous
      </button>
      <span data-testid="pager-text">
        {formatCount(from)}–{formatCount(to)} of {formatCount(total)}
      </span>
      <button type="button" disabled={to >= total} onClick={() => onPage(page + 1)}>
        Next ›
      </button>
    </nav>
  );
}
