/**
 * Name events on their way from the capture worker to the main thread, condensed.
 *
 * A DNS-heavy link produces a name event for every query, and structured-cloning each one costs
 * more than decoding the packet that carried it. Queries only ever add to a per-name count, so
 * they travel as `{ name: count }`; repeated answers (a resolver refreshing the same records)
 * travel once per batch. SNI and Host events are rare (one per connection) and travel as they are.
 */
import type { DnsAnswerEvent, NameEvent } from "./inspect/name_event.ts";

/** One batch of condensed names. */
export interface NameBatch {
  /** DNS question names (DNS, mDNS, LLMNR) seen in query messages... */
  queryNames: string[];
  /** ...and how often each: parallel arrays clone faster than an object with a key per name. */
  queryCounts: number[];
  /**
   * DNS responses, one entry per distinct (name, rcode, addresses) in the batch, as parallel
   * arrays: `answerAddresses[i]` is the A/AAAA data joined by ",", `answerCounts[i]` how many
   * responses carried it. Only what the name cache and the rcode counts need travels.
   */
  answerNames: string[];
  answerRcodes: number[];
  answerTtls: number[];
  answerAddresses: string[];
  answerCounts: number[];
  /** Every other event (SNI, Host): rare, one per connection, sent as they are. */
  events: NameEvent[];
}

/**
 * Distinct entries a batch holds before it must be sent: keeps one message, and the worker's
 * memory, small even when every query names a new host.
 */
export const NAME_BATCH_ENTRIES = 1024;

export class NameBatcher {
  #queries = new Map<string, number>();
  #answers = new Map<string, { event: DnsAnswerEvent; addresses: string; count: number }>();
  #others: NameEvent[] = [];

  add(events: readonly NameEvent[]): void {
    for (const event of events) {
      if (event.kind === "dns-query") {
        this.#queries.set(event.name, (this.#queries.get(event.name) ?? 0) + 1);
      } else if (event.kind === "dns-answer") {
        const addresses = event.addresses.join(",");
        const key = `${event.name}|${event.rcode}|${addresses}`;
        const known = this.#answers.get(key);
        if (known) {
          known.count++;
          known.event = event; // the latest TTL wins
        } else {
          this.#answers.set(key, { event, addresses, count: 1 });
        }
      } else {
        this.#others.push(event);
      }
    }
  }

  /** Distinct entries held: what `NAME_BATCH_ENTRIES` bounds. */
  get size(): number {
    return this.#queries.size + this.#answers.size + this.#others.length;
  }

  /** Hand out what was collected and start a new batch. */
  take(): NameBatch {
    const answers = [...this.#answers.values()];
    const batch: NameBatch = {
      queryNames: [...this.#queries.keys()],
      queryCounts: [...this.#queries.values()],
      answerNames: answers.map((a) => a.event.name),
      answerRcodes: answers.map((a) => a.event.rcode),
      answerTtls: answers.map((a) => a.event.ttl),
      answerAddresses: answers.map((a) => a.addresses),
      answerCounts: answers.map((a) => a.count),
      events: this.#others,
    };
    this.#queries = new Map();
    this.#answers = new Map();
    this.#others = [];
    return batch;
  }
}

/** A batch with the given parts and nothing else (tests and scripted servers build these). */
export function nameBatch(parts: Partial<NameBatch>): NameBatch {
  return {
    queryNames: [],
    queryCounts: [],
    answerNames: [],
    answerRcodes: [],
    answerTtls: [],
    answerAddresses: [],
    answerCounts: [],
    events: [],
    ...parts,
  };
}
