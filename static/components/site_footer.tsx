/** @jsxImportSource npm:preact@10 */
/**
 * The page footer: the credit the CC BY 4.0 licences of the country and ASN databases require
 * wherever their results are shown, word for word, its addresses as links (https://db-ip.com
 * first).
 */

import { attributionParts } from "../lib/attribution.ts";

export function SiteFooter() {
  return (
    <footer class="site-footer" data-testid="attribution">
      <p>
        {attributionParts().map((part, i) =>
          i % 2 === 1
            ? (
              <a key={i} href={part} target="_blank" rel="noopener noreferrer">
                {part}
              </a>
            )
            : part
        )}
      </p>
    </footer>
  );
}
