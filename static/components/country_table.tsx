/** @jsxImportSource npm:preact@10 */
/**
 * Countries by traffic: flag, name, hosts, packets, and bytes with a bar against the busiest.
 * With `onPick`, each country's name is a button that scopes the page to it (the keyboard's way
 * to what a click on the map does).
 */

import { formatBytes, formatCount } from "../../format/units.ts";
import { flagEmoji } from "../lib/flag_emoji.ts";
import type { PlaceRow } from "../lib/page_stats.ts";

export function CountryTable(
  { rows, onPick }: { rows: PlaceRow[]; onPick?: ((code: string) => void) | undefined },
) {
  const max = rows.reduce((m, r) => Math.max(m, r.bytes), 0) || 1;
  return (
    <table class="compact places" data-testid="countries">
      <thead>
        <tr>
          <th scope="col">Country</th>
          <th scope="col" class="num">Hosts</th>
          <th scope="col" class="num">Packets</th>
          <th scope="col" class="num">Bytes</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-key={r.key}>
            <th scope="row">
              <span class="flag" role="img" aria-label={r.key}>{flagEmoji(r.key) ?? ""}</span>
              {onPick
                ? (
                  <button
                    type="button"
                    class="link-button place-name"
                    title={`Show the conversations and hosts of ${r.name}`}
                    onClick={() => onPick(r.key)}
                  >
                    {r.name}
                  </button>
                )
                : <span class="place-name">{r.name}</span>}
              <span class="place-code">{r.key}</span>
            </th>
            <td class="num">{formatCount(r.hosts)}</td>
            <td class="num" data-value={r.packets}>{formatCount(r.packets)}</td>
            <td class="num" data-value={r.bytes}>
              {formatBytes(r.bytes)}
              <span class="share" aria-hidden="true">
                <span
                  class="share-bar"
                  style={{ width: `${((100 * r.bytes) / max).toFixed(2)}%` }}
                />
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
