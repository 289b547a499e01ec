/**
 * What a DNS question name looks like to a tunnel detector: the domain it is registered under,
 * and whether its labels look like encoded data (long, or long and random).
 */

/**
 * Second-level labels under which registrations happen one level deeper ("example.co.uk").
 * A short list instead of the Public Suffix List: it only decides how names are grouped, and
 * a tunnel's own domain is almost always a plain "name.tld".
 */
const SECOND_LEVEL = new Set(["co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go"]);
/** A top-level domain is letters (or an IDN's "xn--" form) of a sane length. */
const TLD = /^(?:[a-z]{2,24}|xn--[a-z0-9-]{1,59})$/;

/**
 * The domain a name is registered under: its last two labels (three under a country's
 * second level). Names whose last label is not a possible TLD are tunnels that send bare data
 * labels after a fixed prefix (dnscat2 without a domain: "dnscat.<hex>.<hex>"); they are
 * grouped by their first label. Null for names that cannot carry a tunnel's data to a server
 * of its own: reverse lookups and local multicast names.
 */
export function registeredDomain(name: string): string | null {
  const lower = name.toLowerCase().replace(/\.$/, "");
  if (lower.endsWith(".arpa") || lower.endsWith(".local") || lower === "") return null;
  const labels = lower.split(".");
  const last = labels[labels.length - 1]!;
  if (!TLD.test(last)) return labels.length > 1 ? labels[0]! : null;
  if (labels.length <= 2) return lower;
  const second = labels[labels.length - 2]!;
  const take = last.length === 2 && SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-take).join(".");
}

/** Shannon entropy of a string's characters, in bits per character. */
export function entropyBits(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** The shape thresholds a name is judged by. */
export interface NameShape {
  longLabel: number;
  minEntropy: number;
  longName: number;
}

/**
 * True when the part of `name` before its domain looks like encoded data: the whole name is
 * very long, or one label is long and random.
 */
export function looksLikeData(name: string, domain: string, shape: NameShape): boolean {
  if (name.length >= shape.longName) return true;
  const head = name.length > domain.length ? name.slice(0, name.length - domain.length) : name;
  for (const label of head.split(".")) {
    if (label.length >= shape.longLabel && entropyBits(label) >= shape.minEntropy) return true;
  }
  return false;
}
