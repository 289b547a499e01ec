/**
 * Name events on their way from the capture worker to the main thread, condensed.
 *
 * A DNS-heavy link produces a name for every query, and an object per query (an event, then a
 * message entry) costs more than decoding the packet that carried it. Queries only ever add to
 * a per-name count, so they are counted here as the inspector walks them (`DnsSink`) and travel
 * as `{ name: count }` columns. SNI and Host events are rare (one per connection) and travel as
 * they are.
 *
 * A response matters to the main thread twice: its RCODE is counted, and each of its addresses
 * is filed under its name in the name cache. Responses travel as per-RCODE counts and as the
 * cache's work list, `learned`: (address, name, TTL) in the order seen, less the steps the cache
 * would undo within the batch (see `LearnSteps`). Names and addresses travel by number: a
 * string fresh from a message must be hashed and compared character by character on every
 * cache lookup, while the strings of a dictionary the receiver keeps are hashed once and
 * compare by identity. So each string travels once (`strings`, numbered from `stringsFrom`),
 * and `NameStrings` reads the numbers back.
 */
import type { NameEvent } from "./inspect/name_event.ts";
import type { DnsSink } from "./inspect/dns_sink.ts";

/** One batch of condensed names. */
export interface NameBatch {
  /** DNS question names (DNS, mDNS, LLMNR) seen in query messages... */
  queryNames: string[];
  /** ...and how often each: parallel arrays clone faster than an object with a key per name. */
  queryCounts: number[];
  /** Strings new to the dictionary, numbered from `stringsFrom` on. */
  strings: string[];
  /**
   * The number of `strings[0]`. The receiver forgets every string numbered from here on first:
   * 0 starts a new dictionary (a new worker, or the old one grew full).
   */
  stringsFrom: number;
  /** DNS responses by RCODE, in the order first seen... */
  rcodes: number[];
  /** ...and how many of each. */
  rcodeCounts: number[];
  /**
   * What the name cache learns from the responses, in order: `LEARNED_FIELDS` numbers a step,
   * the address's number, the question name's number, the TTL of the response (never -1;
   * unsigned 32 bits, as on the wire: RFC 1035 section 3.2.1). A typed array crosses to the
   * main thread as one copy, a list of numbers one by one.
   */
  learned: Uint32Array;
  /** Every other event (SNI, Host): rare, one per connection, sent as they are. */
  events: NameEvent[];
  /**
   * Per event, how many `learned` steps came before it on the wire: the receiver applies steps
   * and events in that order, so which name an address shows does not depend on where batches
   * happen to split. An event without an entry comes after every step.
   */
  eventSteps: number[];
}

/**
 * Distinct entries a batch holds before it must be sent: keeps one message, and the worker's
 * memory, small even when every query names a new host. Large enough that at a million
 * packets a second a batch usually leaves on the worker's time limit, not on this one: every
 * batch carries each busy name again, so small batches mostly repeat the same names.
 */
export const NAME_BATCH_ENTRIES = 4096;
/**
 * Names a batch keeps per address: at least the name cache's `MAX_NAMES_PER_ADDRESS`
 * (stats/enrich/name_cache.ts, which a test compares), since an older name than that would be
 * pushed out of the cache by the newer ones anyway.
 */
export const NAMES_KEPT_PER_ADDRESS = 4;
/** Numbers per step of `NameBatch.learned`: address, name, TTL. */
export const LEARNED_FIELDS = 3;
/**
 * Strings the dictionary numbers before it starts over: the main thread's name cache holds
 * 16,384 addresses, and as many host names again keep the busy ones numbered. Checked between
 * batches, so one batch's new strings may go past it. ~64 bytes a string, 2 MiB on each side.
 */
export const NAME_DICTIONARY_STRINGS = 32_768;
/** The number of no string (`NameStrings.at()` gives undefined). */
export const NO_STRING = -1;

/** The sending side of the dictionary: numbers strings, and lists those not yet sent. */
class StringNumbers {
  readonly #ids = new Map<string, number>();
  #fresh: string[] = [];

  id(text: string): number {
    let id = this.#ids.get(text);
    if (id === undefined) {
      id = this.#ids.size;
      this.#ids.set(text, id);
      this.#fresh.push(text);
    }
    return id;
  }

  /** Hand out the strings not yet sent; start over once `NAME_DICTIONARY_STRINGS` are known. */
  take(batch: NameBatch): void {
    batch.strings = this.#fresh;
    batch.stringsFrom = this.#ids.size - this.#fresh.length;
    this.#fresh = [];
    if (this.#ids.size >= NAME_DICTIONARY_STRINGS) {
      this.#ids.clear();
    }
  }
}

/** Fields of an address's slot in `LearnSteps`; its latest steps follow, newest first. */
const SLOT_ADDRESS = 0;
/** The step that must stay for the address (its first, see `LearnSteps`)... */
const SLOT_PINNED = 1;
/** ...and how many addresses the batch held when it was taken. */
const SLOT_PINNED_AT = 2;
/** How many of the address's names the slot holds the latest step of. */
const SLOT_NAMES = 3;
const SLOT_STEPS = 4;
const SLOT_FIELDS = SLOT_STEPS + NAMES_KEPT_PER_ADDRESS;

/**
 * One batch's steps for the name cache, less those the cache would undo within the batch: a
 * step is dropped when a later one files the same name under the same address (the cache
 * keeps one place and one expiry per name, the later ones), or `NAMES_KEPT_PER_ADDRESS` other
 * names follow it there (pushed out). The cache's LRU order, and which address it evicts when
 * full, depend only on when each address is first and last touched in a batch: its last step
 * always stays, and its first stays unless no address new to the batch came before its next
 * (only a new address can evict). Every step of a batch is applied at one clock reading, so
 * what stays leaves the cache as every step would, as long as a batch holds fewer addresses
 * than the cache (`NAME_BATCH_ENTRIES` is far below `NAME_CACHE_ENTRIES`).
 */
class LearnSteps {
  /** `LEARNED_FIELDS` numbers a step; a dropped step's name is `NO_STRING`. */
  readonly #steps: number[] = [];
  #dropped = 0;
  /** `SLOT_FIELDS` numbers per address of the batch, reused from batch to batch. */
  readonly #slots: number[] = [];
  /** Per address number, its slot's offset + 1; 0 when not in this batch. */
  #slotOf = new Int32Array(1024);
  #addresses = 0;

  get size(): number {
    return this.#steps.length / LEARNED_FIELDS;
  }

  add(address: number, name: number, ttl: number): void {
    const steps = this.#steps;
    const step = steps.length / LEARNED_FIELDS;
    steps.push(address, name, ttl);
    if (address >= this.#slotOf.length) {
      const grown = new Int32Array(Math.max(2 * this.#slotOf.length, address + 1));
      grown.set(this.#slotOf);
      this.#slotOf = grown;
    }
    const slots = this.#slots;
    const s = (this.#slotOf[address] ?? 0) - 1;
    if (s < 0) {
      this.#slotOf[address] = slots.length + 1;
      slots.push(address, step, ++this.#addresses, 1, step);
      for (let k = 1; k < NAMES_KEPT_PER_ADDRESS; k++) slots.push(0);
      return;
    }
    if (slots[s + SLOT_PINNED_AT] === this.#addresses) slots[s + SLOT_PINNED] = step;
    const held = slots[s + SLOT_NAMES] ?? 0;
    const first = s + SLOT_STEPS;
    let j = 0;
    while (j < held && steps[(slots[first + j] ?? 0) * LEARNED_FIELDS + 1] !== name) j++;
    if (j === held && held < NAMES_KEPT_PER_ADDRESS) slots[s + SLOT_NAMES] = held + 1;
    else {
      // The name's older step, or the oldest name's when the slot is full: undone.
      if (j === held) j--;
      const undone = slots[first + j] ?? 0;
      if (undone !== slots[s + SLOT_PINNED]) {
        steps[undone * LEARNED_FIELDS + 1] = NO_STRING;
        this.#dropped++;
      }
    }
    for (; j > 0; j--) slots[first + j] = slots[first + j - 1] ?? 0;
    slots[first] = step;
  }

  /**
   * Close a run of steps: none after this undoes one before it (an event between them touches
   * the cache too, so the rules above no longer see every touch). Returns how many steps stay
   * before this point, which later steps cannot change.
   */
  barrier(): number {
    this.#forgetSlots();
    return this.size - this.#dropped;
  }

  /** The steps that stay, and forget them all. */
  take(): Uint32Array {
    const steps = this.#steps;
    const learned = new Uint32Array(steps.length - this.#dropped * LEARNED_FIELDS);
    let at = 0;
    for (let i = 0; i < steps.length; i += LEARNED_FIELDS) {
      if (steps[i + 1] === NO_STRING) continue;
      learned[at++] = steps[i] ?? 0;
      learned[at++] = steps[i + 1] ?? 0;
      learned[at++] = steps[i + 2] ?? 0;
    }
    this.#forgetSlots();
    steps.length = 0;
    this.#dropped = 0;
    return learned;
  }

  #forgetSlots(): void {
    const slots = this.#slots;
    for (let s = 0; s < slots.length; s += SLOT_FIELDS) {
      this.#slotOf[slots[s + SLOT_ADDRESS] ?? 0] = 0;
    }
    slots.length = 0;
    this.#addresses = 0;
  }
}

/** Collects one batch, from `NameEvent`s (`add()`) or straight from the inspector (`DnsSink`). */
export class NameBatcher implements DnsSink {
  #queryIndex = new Map<string, number>();
  #batch = nameBatch({});
  readonly #strings = new StringNumbers();
  readonly #steps = new LearnSteps();
  /** The numbers of one response's addresses, reused from response to response. */
  readonly #addressIds: number[] = [];

  add(events: readonly NameEvent[]): void {
    for (const event of events) {
      if (event.kind === "dns-query") this.query(event.name);
      else if (event.kind === "dns-answer") {
        const { addresses } = event;
        this.response(event.name, event.rcode, event.ttl, addresses, addresses.length);
      } else {
        this.#batch.eventSteps.push(this.#steps.barrier());
        this.#batch.events.push(event);
      }
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

  response(
    name: string,
    rcode: number,
    ttl: number,
    addresses: readonly string[],
    count: number,
  ): void {
    const b = this.#batch;
    // A header RCODE is 4 bits (RFC 1035 section 4.1.1): this list stays short.
    const i = b.rcodes.indexOf(rcode);
    if (i >= 0) b.rcodeCounts[i] = (b.rcodeCounts[i] ?? 0) + 1;
    else {
      b.rcodes.push(rcode);
      b.rcodeCounts.push(1);
    }
    // No TTL means no answer records: nothing to learn (NXDOMAIN, a CNAME alone).
    if (ttl < 0 || count === 0) return;
    // Addresses are numbered before the name, in order: new strings are sent in that order.
    const ids = this.#addressIds;
    const strings = this.#strings;
    for (let k = 0; k < count; k++) ids[k] = strings.id(addresses[k] ?? "");
    const nameId = strings.id(name);
    for (let k = 0; k < count; k++) this.#steps.add(ids[k] ?? 0, nameId, ttl);
  }

  /** Distinct entries held (query names, steps, events): what `NAME_BATCH_ENTRIES` bounds. */
  get size(): number {
    const b = this.#batch;
    return b.queryNames.length + this.#steps.size + b.events.length;
  }

  /** Hand out what was collected and start a new batch. */
  take(): NameBatch {
    const batch = this.#batch;
    batch.learned = this.#steps.take();
    this.#strings.take(batch);
    this.#batch = nameBatch({});
    this.#queryIndex = new Map();
    return batch;
  }
}

/**
 * The receiving side of the dictionary: give it every batch in order (`receive()`), then read
 * a batch's numbers with `at()`.
 */
export class NameStrings {
  readonly #strings: string[] = [];

  /**
   * Take in `batch`'s new strings. A batch without any changes nothing (which also makes
   * hand-built batches harmless); one seen twice is taken in once.
   */
  receive(batch: Pick<NameBatch, "strings" | "stringsFrom">): void {
    const known = this.#strings;
    if (batch.strings.length === 0) return;
    if (known.length > batch.stringsFrom) known.length = batch.stringsFrom;
    // A gap means a batch went missing: its numbers are unknown here, so these are not kept.
    if (known.length === batch.stringsFrom) { for (const s of batch.strings) known.push(s); }
  }

  /** The string numbered `id`; undefined when unknown. */
  at(id: number): string | undefined {
    return id >= 0 ? this.#strings[id] : undefined;
  }

  /** Strings known. */
  get size(): number {
    return this.#strings.length;
  }
}

/** A batch with the given parts and nothing else (tests and scripted servers build these). */
export function nameBatch(parts: Partial<NameBatch>): NameBatch {
  return {
    queryNames: [],
    queryCounts: [],
    strings: [],
    stringsFrom: 0,
    rcodes: [],
    rcodeCounts: [],
    learned: new Uint32Array(0),
    events: [],
    eventSteps: [],
    ...parts,
  };
}
