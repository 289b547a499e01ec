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
  /** Every other event, answers deduplicated. */
  events: NameEvent[];
}

/**
 * Distinct entries a batch holds before it must be sent: keeps one message, and the worker's
 * memory, small even when every query names a new host.
 */
export const NAME_BATCH_ENTRIES = 1024;

export class NameBatcher {
  #queries = new Map<string, number>();
  #answers = new Map<string, DnsAnswerEvent>();
  #others: NameEvent[] = [];

  add(events: readonly NameEvent[]): void {
    for (const event of events) {
      if (event.kind === "dns-query") {
        this.#queries.set(event.name, (this.#queries.get(event.name) ?? 0) + 1);
      } else if (event.kind === "dns-answer") {
        this.#answers.set(`${event.name}|${event.rcode}|${event.addresses.join(",")}`, event);
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
    const batch: NameBatch = {
      queryNames: [...this.#queries.keys()],
      queryCounts: [...this.#queries.values()],
      events: [...this.#answers.values(), ...this.#others],
    };
    this.#queries = new Map();
    this.#answers = new Map();
    this.#others = [];
    return batch;
  }
}
