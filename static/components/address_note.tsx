/** @jsxImportSource npm:preact@10 */
/**
 * What is known about an address, shown beside it: the name read off the wire (or reverse
 * DNS) and a small flag, or a "local"/"private" tag for an address that has no country.
 * Nothing at all when the server knows nothing, so a bare address still reads cleanly.
 */

import { addressLabel } from "../lib/address_label.ts";
import type { AddressInfo } from "../lib/page_stats.ts";

export function AddressNote({ info }: { info: AddressInfo | undefined }) {
  const label = addressLabel(info);
  if (!label || (!label.name && !label.flag && !label.tag)) return null;
  return (
    <span class="addr-note" title={label.title || undefined} data-testid="address-note">
      {label.flag && (
        <span class="flag" role="img" aria-label={info?.country ?? undefined}>{label.flag}</span>
      )}
      {label.tag && <span class="addr-tag">{label.tag}</span>}
      {label.name && <span class="addr-name">{label.name}</span>}
    </span>
  );
}
