/**
 * What the names read off the wire add up to: DNS questions, TLS and QUIC SNIs, HTTP hosts, and
 * an address -> name cache that lets talkers and flows be shown by name.
 *
 * Fed on the main thread with the capture worker's `NameEvent`s (a few per DNS, TLS or HTTP
 * exchange, none for bulk traffic), so it may use strings and Maps freely.
 */
import type { NameEvent } from "../capture/inspect/name_event.ts";
import { LEARNED_FIELDS, type NameBatch, NameStrings, NO_STRING } from "../capture/name_batch.ts";
import { NameCache } from "./enrich/name_cache.ts";
import { NAME_REPORT_LIMIT, NameCounter } from "./name_counter.ts";

/** The DNS-response part of a condensed name batch, and its new strings. */
type AnswerColumns = Readonly<
  Pick<NameBatch, "strings" | "stringsFrom" | "rcodes" | "rcodeCounts" | "learned">
>;

/**
 * How long a name learned from an SNI or Host header stays attached to the server address.
 * Such names carry no TTL; a day matches the longest DNS TTL the name cache keeps.
 */
const OBSERVED_NAME_TTL_SECONDS = 86_400;

/** The names part of `/stats` and `--report json`. */
export interface NamesSnapshot {
  /** `dns.queries`: every question name of every DNS, mDNS and LLMNR query, with counts. */
  dns: {
    queries: Record<string, number>;
    queriesOmitted: number;
    queryCount: number;
    answerCount: number;
    /** Responses by RCODE name (NOERROR, NXDOMAIN, SERVFAIL...). */
    rcodes: Record<string, number>;
  };
  /** `tls.sni`: server names from TLS ClientHellos, including those in QUIC Initials. */
  tls: { sni: Record<string, number>; sniOmitted: number };
  /** The QUIC part of `tls.sni`. */
  quic: { sni: Record<string, number> };
  /** `http.hosts`: Host header values of HTTP/1.x requests (SSDP included). */
  http: { hosts: Record<string, number>; hostsOmitted: number };
  /**
   * What the capture worker's payload readers lost: packets whose inspection failed (a bug,
   * counted instead of crashing the capture) and name events dropped on a full queue.
   */
  nameReading: { faults: number; eventsDropped: number };
}

const RCODE_NAMES = [
  "NOERROR",
  "FORMERR",
  "SERVFAIL",
  "NXDOMAIN",
  "NOTIMP",
  "REFUSED",
  "YXDOMAIN",
  "YXRRSET",
  "NXRRSET",
  "NOTAUTH",
  "NOTZONE",
];

export class NameStats {
  #reading = { faults: 0, eventsDropped: 0 };
  readonly #dnsQueries = new NameCounter();
  readonly #sni = new NameCounter();
  readonly #quicSni = new NameCounter();
  readonly #hosts = new NameCounter();
  /** Responses by RCODE number, in the order first seen; named when a snapshot is made. */
  readonly #rcodes = new Map<number, number>();
  #answers = 0;
  /** The worker's dictionary: answers name their hosts and addresses by number. */
  readonly #strings = new NameStrings();
  /** Address -> names, from DNS answers and from the SNI/Host a client sent to that address. */
  readonly cache = new NameCache();

  /** Add per-name query counts (the capture worker condenses queries into these). */
  addQueryCounts(names: readonly string[], counts: readonly number[]): void {
    for (let i = 0; i < names.length; i++) this.#dnsQueries.add(names[i]!, counts[i] ?? 0);
  }

  /**
   * A whole batch from the capture worker: query counts, responses, and the cache's steps and
   * SNI/Host events in the order they were seen (`NameBatch.eventSteps`). Every batch must come
   * through here, in order: it carries the strings later batches refer to.
   */
  addBatch(batch: NameBatch, nowMs: number): void {
    this.addQueryCounts(batch.queryNames, batch.queryCounts);
    this.#receiveAnswers(batch);
    const steps = batch.learned.length / LEARNED_FIELDS;
    let done = 0;
    for (let e = 0; e < batch.events.length; e++) {
      const before = Math.min(steps, batch.eventSteps[e] ?? steps);
      if (before > done) this.#learnSteps(batch.learned, done, before, nowMs);
      done = Math.max(done, before);
      this.#event(batch.events[e]!, nowMs);
    }
    this.#learnSteps(batch.learned, done, steps, nowMs);
  }

  #receiveAnswers(batch: AnswerColumns): void {
    this.#strings.receive(batch);
    for (let i = 0; i < batch.rcodes.length; i++) {
      this.#countAnswer(batch.rcodes[i] ?? 0, batch.rcodeCounts[i] ?? 0);
    }
  }

  /** Apply `learned` steps [from, to) to the name cache. */
  #learnSteps(learned: Uint32Array, from: number, to: number, nowMs: number): void {
    const strings = this.#strings;
    for (let step = from; step < to; step++) {
      const i = step * LEARNED_FIELDS;
      const address = strings.at(learned[i] ?? NO_STRING);
      const name = strings.at(learned[i + 1] ?? NO_STRING);
      const ttl = learned[i + 2] ?? -1;
      if (address !== undefined && name !== undefined) this.cache.learn(address, name, ttl, nowMs);
    }
  }

  #countAnswer(rcode: number, count: number): void {
    this.#answers += count;
    this.#rcodes.set(rcode, (this.#rcodes.get(rcode) ?? 0) + count);
  }

  ingest(events: readonly NameEvent[], nowMs: number): void {
    for (const event of events) this.#event(event, nowMs);
  }

  #event(event: NameEvent, nowMs: number): void {
    switch (event.kind) {
      case "dns-query":
        this.#dnsQueries.add(event.name);
        break;
      case "dns-answer": {
        this.#countAnswer(event.rcode, 1);
        if (event.ttl >= 0) {
          for (const address of event.addresses) {
            this.cache.learn(address, event.name, event.ttl, nowMs);
          }
        }
        break;
      }
      case "tls-sni":
        this.#sni.add(event.name);
        this.cache.learn(event.flow.dst, event.name, OBSERVED_NAME_TTL_SECONDS, nowMs);
        break;
      case "quic-sni":
        this.#sni.add(event.name);
        this.#quicSni.add(event.name);
        this.cache.learn(event.flow.dst, event.name, OBSERVED_NAME_TTL_SECONDS, nowMs);
        break;
      case "http-host":
        this.#hosts.add(event.name);
        this.cache.learn(
          event.flow.dst,
          hostWithoutPort(event.name),
          OBSERVED_NAME_TTL_SECONDS,
          nowMs,
        );
        break;
    }
  }

  /** The best-known name of an address, if any. */
  nameOf(address: string, nowMs: number): string | undefined {
    return this.cache.lookup(address, nowMs);
  }

  /** Replace the capture worker's cumulative `NamesSnapshot.nameReading` counters. */
  setReading(reading: { faults: number; eventsDropped: number }): void {
    this.#reading = { faults: reading.faults, eventsDropped: reading.eventsDropped };
  }

  snapshot(limit = NAME_REPORT_LIMIT): NamesSnapshot {
    return {
      dns: {
        queries: this.#dnsQueries.top(limit),
        queriesOmitted: this.#dnsQueries.omitted(limit),
        queryCount: this.#dnsQueries.total,
        answerCount: this.#answers,
        rcodes: Object.fromEntries(
          [...this.#rcodes].map(([rcode, count]) => [RCODE_NAMES[rcode] ?? `RCODE${rcode}`, count]),
        ),
      },
      tls: { sni: this.#sni.top(limit), sniOmitted: this.#sni.omitted(limit) },
      quic: { sni: this.#quicSni.top(limit) },
      http: { hosts: this.#hosts.top(limit), hostsOmitted: this.#hosts.omitted(limit) },
      nameReading: { ...this.#reading },
    };
  }
}

/** "example.com:8080" -> "example.com"; "[2001:db8::1]:80" -> "2001:db8::1". */
export function hostWithoutPort(host: string): string {
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return end > 0 ? host.slice(1, end) : host;
  }
  const colon = host.lastIndexOf(":");
  return colon > 0 && host.indexOf(":") === colon ? host.slice(0, colon) : host;
}
