/**
 * DNS tunnelling and exfiltration: under one registered domain, in one window, many unique
 * names of which most, or many, look like encoded data (long, high-entropy labels, very long
 * names; a tunnel mixes its data queries with short polls), or an extreme number of unique
 * names (data in short labels).
 *
 * The names come from the capture's name batches, which carry no sender, so the client is the
 * host that sent the most large DNS queries in the window (the most queries when none were
 * large): a tunnel's queries are both many and large. The evidence says so.
 * Memory: domains per window and unique names per window are capped.
 */
import type { AlertOptions } from "../alert_options.ts";
import { AddressSlots } from "../address_slots.ts";
import { DetectionWindow } from "../detection_window.ts";
import { type Report } from "../finding.ts";
import { slotUse, type TableUse } from "../key_slots.ts";
import { looksLikeData, registeredDomain } from "./dns_name_shape.ts";

/** Domains followed per window. */
export const DNS_DOMAIN_CAP = 2048;
/** Unique names remembered per window, over all domains. */
export const DNS_NAME_CAP = 65_536;
/** Senders of DNS queries counted per window. */
export const DNS_SENDER_CAP = 4096;
const EXAMPLES = 3;

interface DomainCount {
  unique: number;
  suspicious: number;
  queries: number;
  longest: number;
  examples: string[];
  reported: boolean;
}

interface QuerySender {
  address: string;
  queries: number;
  largeQueries: number;
}

export class DnsTunnelDetector {
  readonly #o: AlertOptions["dnsTunnel"];
  readonly #window: DetectionWindow;
  readonly #senders = new AddressSlots(DNS_SENDER_CAP, 1);
  readonly #queries = new Uint32Array(DNS_SENDER_CAP);
  readonly #largeQueries = new Uint32Array(DNS_SENDER_CAP);
  #domains = new Map<string, DomainCount>();
  #names = new Set<string>();
  /** Names left uncounted because a cap was reached. */
  overflow = 0;

  constructor(options: AlertOptions["dnsTunnel"]) {
    this.#o = options;
    this.#window = new DetectionWindow(options.windowMs);
  }

  /** A DNS query packet from `src` carrying `dnsBytes` of DNS message. */
  query(srcKey: number, src: Uint8Array, len: number, dnsBytes: number): void {
    const s = this.#senders.find(srcKey);
    if (s < 0) return;
    if (this.#senders.created) {
      this.#senders.setAddress(s, 0, src, len);
      this.#queries[s] = 0;
      this.#largeQueries[s] = 0;
    }
    this.#queries[s]!++;
    if (dnsBytes >= this.#o.largeQueryBytes) this.#largeQueries[s]!++;
  }

  /** Query names seen, with how many queries each (a name batch's columns). */
  names(names: readonly string[], counts: readonly number[]): void {
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!.toLowerCase();
      const domain = registeredDomain(name);
      if (domain === null) continue;
      let d = this.#domains.get(domain);
      if (d === undefined) {
        if (this.#domains.size >= DNS_DOMAIN_CAP) {
          this.overflow++;
          continue;
        }
        d = { unique: 0, suspicious: 0, queries: 0, longest: 0, examples: [], reported: false };
        this.#domains.set(domain, d);
      }
      d.queries += counts[i] ?? 1;
      if (this.#names.has(name)) continue;
      if (this.#names.size >= DNS_NAME_CAP) {
        this.overflow++;
        continue;
      }
      this.#names.add(name);
      d.unique++;
      if (name.length > d.longest) d.longest = name.length;
      if (looksLikeData(name, domain, this.#o)) {
        d.suspicious++;
        if (d.examples.length < EXAMPLES) d.examples.push(name);
      }
    }
  }

  /** How full the per-window tables are. */
  tableUse(): Record<string, TableUse> {
    return {
      dnsSenders: slotUse(this.#senders),
      dnsDomains: { size: this.#domains.size, capacity: DNS_DOMAIN_CAP, refused: this.overflow },
      dnsNames: { size: this.#names.size, capacity: DNS_NAME_CAP, refused: this.overflow },
    };
  }

  /**
   * Every second: a domain that crossed the thresholds is reported at once; when the window
   * closes, every such domain again with its final numbers (folding into its alert).
   */
  evaluate(nowMs: number, report: Report, final: boolean): void {
    const closing = this.#window.due(nowMs) || final;
    const o = this.#o;
    for (const [domain, d] of this.#domains) {
      if (d.unique < o.minNames) continue;
      const share = d.suspicious / d.unique;
      const dataLike = share >= o.minSuspiciousShare || d.suspicious >= o.minDataNames;
      if (!dataLike && d.unique < o.maxUniqueNames) continue;
      if (!closing && d.reported) continue;
      d.reported = true;
      const client = this.#client();
      report({
        rule: "dns_tunnel",
        severity: "warning",
        subject: {
          kind: "domain",
          key: domain,
          addresses: client ? [client.address] : [],
        },
        message: `DNS tunnel suspected under ${domain}: ${d.unique} unique names, ` +
          `${d.suspicious} look like encoded data` +
          (client ? `; client ${client.address}` : ""),
        evidence: {
          domain,
          client: client?.address ?? "",
          clientQueries: client?.queries ?? 0,
          clientLargeQueries: client?.largeQueries ?? 0,
          clientBasis: "the sender of the most large DNS queries in the window",
          uniqueNames: d.unique,
          dataLikeNames: d.suspicious,
          queries: d.queries,
          longestName: d.longest,
          examples: d.examples,
        },
        timeMs: nowMs,
      });
    }
    if (!closing) return;
    this.#domains = new Map();
    this.#names = new Set();
    this.#senders.clear();
    this.#window.restart(nowMs);
  }

  #client(): QuerySender | undefined {
    let best = -1;
    for (let s = 0; s < this.#senders.size; s++) {
      if (
        best < 0 || this.#largeQueries[s]! > this.#largeQueries[best]! ||
        (this.#largeQueries[s] === this.#largeQueries[best] &&
          this.#queries[s]! > this.#queries[best]!)
      ) best = s;
    }
    if (best < 0) return undefined;
    return {
      address: this.#senders.addressText(best, 0),
      queries: this.#queries[best]!,
      largeQueries: this.#largeQueries[best]!,
    };
  }
}
