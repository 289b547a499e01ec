/**
 * Name events on their way from the capture worker to the main thread, condensed.
 *
 * A DNS-heavy link produces a name for every query, and an object per query (an event, then a
 * message entry) costs more than decoding the packet that carried it. Queries only ever add to
 * a per-name count, so they are counted here as the inspector walks them (`DnsSink`) and travel
 * as `{ name: count }` columns; repeated answers (a resolver refreshing the same records) are
 * counted and travel once per batch. SNI and Host events are rare (one per connection) and
 * travel as they are.
 */
import type { NameEvent } from "./inspect/name_event.ts";
import type { DnsSink } from "./inspect/dns_sink.ts";

/** One batch of condensed names. */
export interface NameBatch {
  /** DNS question names (DNS, mDNS, LLMNR) seen in query messages... */
  queryNames: string[];
  /** ...and how often each: parallel arrays clone faster than an object with a key per name. */
  queryCounts: number[];
  /**
   * DNS responses, one entry per distinct (name, rcode, addresses) in the batch, as parallel
   * arrays: `answerAddresses[i]` is the A/AAAA data joined by ",", `answerCounts[i]` how many
   * responses carried it, `answerTtls[i]` the latest one's TTL. Only what the name cache and
   * the rcode counts need travels.
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
 * memory, small even when every query names a new host. Large enough that at a million
 * packets a second a batch usually leaves on the worker's time limit, not on this one: every
 * batch carries each busy name again, so small batches mostly repeat the same names.
 */
export const NAME_BATCH_ENTRIES = 4096;
/**
 * Entries of one name compared with a response: a name answered with more distinct address
 * sets in one batch (a round-robin pool) gets further entries rather than longer searches.
 */
export const MAX_ANSWER_CHAIN = 16;

/** Collects one batch, from `NameEvent`s (`add()`) or straight from the inspector (`DnsSink`). */
export class NameBatcher implements DnsSink {
  #queryIndex = new Map<string, number>();
  #batch = nameBatch({});
  /**
   * The latest answer entry of each name; older entries of the same name chain through
   * `#sameName`. A lookup follows at most `MAX_ANSWER_CHAIN` of them: past that a response
   * starts a new entry, which splits a count across entries but changes no total.
   */
  #answerIndex = new Map<string, number>();
  #sameName: number[] = [];

  add(events: readonly NameEvent[]): void {
    for (const event of events) {
      if (event.kind === "dns-query") this.query(event.name);
      else if (event.kind === "dns-answer") {
        this.answer(event.name, event.rcode, event.ttl, event.addresses.join(","));
      } else this.#batch.events.push(event);
    }
  }

  query(name: string): void {
    const b = this.#batch;
    const i = this.#queryIndex.get(name);
    if (i !== undefined) {
      b.queryCounts[i] = (b.queryCounts[i] ?? 0) + 1;
      return;
    }
    this.#queryIndex.set(name, b.queryNames.length);
    b.queryNames.push(name);
    b.queryCounts.push(1);
  }

  answer(name: string, rcode: number, ttl: number, addresses: string): void {
    const b = this.#batch;
    const latest = this.#answerIndex.get(name) ?? -1;
    let i = latest;
    for (let n = 0; i >= 0 && n < MAX_ANSWER_CHAIN; n++, i = this.#sameName[i] ?? -1) {
      if (b.answerAddresses[i] !== addresses || b.answerRcodes[i] !== rcode) continue;
      b.answerCounts[i] = (b.answerCounts[i] ?? 0) + 1;
      b.answerTtls[i] = ttl; // the latest TTL wins
      return;
    }
    this.#answerIndex.set(name, b.answerNames.length);
    this.#sameName.push(latest);
    b.answerNames.push(name);
    b.answerRcodes.push(rcode);
    b.answerTtls.push(ttl);
    b.answerAddresses.push(addresses);
    b.answerCounts.push(1);
  }

  /** Distinct entries held: what `NAME_BATCH_ENTRIES` bounds. */
  get size(): number {
    const b = this.#batch;
    return b.queryNames.length + b.answerNames.length + b.events.length;
  }

  /** Hand out what was collected and start a new batch. */
  take(): NameBatch {
    const batch = this.#batch;
    this.#batch = nameBatch({});
    this.#queryIndex = new Map();
    this.#answerIndex = new Map();
    this.#sameName = [];
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
