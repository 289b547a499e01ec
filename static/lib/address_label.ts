/**
 * How an address is labelled beside its number: its name, then a flag for a public address or
 * a short tag ("local", "private", "multicast"...) for one that has no country.
 */

import { flagEmoji } from "./flag_emoji.ts";
import type { AddressInfo } from "./page_stats.ts";

export interface AddressLabel {
  name: string | null;
  /** Regional-indicator flag of the country; null when there is a tag or no country. */
  flag: string | null;
  /** "local" inside a local network, else the class of a non-global address; else null. */
  tag: string | null;
  /** Tooltip: country code, AS number and organisation, class. */
  title: string;
}

/** Classes that say nothing a reader needs beside the address. */
const UNTAGGED_CLASSES = new Set(["global", "unknown"]);

export function addressLabel(info: AddressInfo | undefined): AddressLabel | null {
  if (!info) return null;
  const tag = info.local ? "local" : UNTAGGED_CLASSES.has(info.class) ? null : info.class;
  const parts: string[] = [];
  if (info.country) parts.push(info.country);
  if (info.asn !== null) {
    parts.push(`AS${info.asn}${info.asOrganization ? ` ${info.asOrganization}` : ""}`);
  }
  if (info.local) parts.push("in a local network");
  if (!UNTAGGED_CLASSES.has(info.class)) parts.push(`${info.class} address`);
  return {
    name: info.name,
    flag: tag === null ? flagEmoji(info.country) : null,
    tag,
    title: parts.join(" · "),
  };
}
