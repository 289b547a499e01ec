/**
 * What the collector remembers of one exporter (one address speaking one version): its
 * templates and sampler descriptions per observation domain (v9: source id), each table capped,
 * the oldest-used entry giving way to a new one, and its counters.
 */

import { DropCounts, type DropReason } from "./drop_reason.ts";
import type { Template } from "./template.ts";

/**
 * Templates kept per exporter, over all its domains. A router's NetFlow v9 or IPFIX export uses
 * a handful (one per address family and record kind; Cisco's flexible NetFlow a few dozen); 128
 * leaves room for several line cards and observation domains while bounding what one address
 * can make the collector hold to 128 x `MAX_TEMPLATE_FIELDS` x 4 bytes = 64 KiB.
 */
export const MAX_TEMPLATES_PER_EXPORTER = 128;
/** Sampler descriptions and clock origins kept per exporter: one per sampler id and domain. */
export const MAX_SAMPLERS_PER_EXPORTER = 64;

/** Observation domains whose next sequence number is remembered, per exporter. */
export const MAX_SEQUENCED_DOMAINS = 64;

/** The sampler of a domain's records that name none. */
export const DEFAULT_SAMPLER = -1;

export class ExporterState {
  readonly address: string;
  readonly version: number;
  /** Datagrams received, flow records counted, and what was dropped (by reason). */
  packets = 0;
  flows = 0;
  readonly drops = new DropCounts();
  /** Packets and octets of the records counted, sampling applied. */
  flowPackets = 0;
  flowOctets = 0;
  /** Wall-clock epoch ms of the last datagram. */
  lastSeenMs = 0;
  /**
   * Datagrams whose sequence number was not the one the previous datagram of their domain led
   * to expect: export lost on the way (or reordered, or the exporter restarted), as nfcapd
   * counts "sequence errors".
   */
  sequenceErrors = 0;
  readonly #nextSequence = new Map<number, number>();
  // Maps keep insertion order: re-inserting on use makes the first key the least recently used.
  readonly #templates = new Map<number, Template>();
  readonly #samplers = new Map<number | string, number>();
  readonly #systemInit = new Map<number, number>();
  readonly #onDrop: (reason: DropReason) => void;

  constructor(address: string, version: number, onDrop: (reason: DropReason) => void) {
    this.address = address;
    this.version = version;
    this.#onDrop = onDrop;
  }

  /** Count a drop here and collector-wide. */
  drop(reason: DropReason): void {
    this.drops.add(reason);
    this.#onDrop(reason);
  }

  /** Compare a datagram's sequence number with what its domain's previous one announced. */
  checkSequence(domain: number, sequence: number): void {
    const expected = this.#nextSequence.get(domain);
    if (expected !== undefined && expected !== sequence) this.sequenceErrors++;
  }

  /** The sequence number the domain's next datagram should carry (modulo 2^32). */
  expectSequence(domain: number, next: number): void {
    this.#nextSequence.delete(domain);
    if (this.#nextSequence.size >= MAX_SEQUENCED_DOMAINS) {
      this.#nextSequence.delete(this.#nextSequence.keys().next().value!);
    }
    this.#nextSequence.set(domain, next % 2 ** 32);
  }

  /** Not known (records of an unknown template were not counted): the next is not checked. */
  forgetSequence(domain: number): void {
    this.#nextSequence.delete(domain);
  }

  get templateCount(): number {
    return this.#templates.size;
  }

  /** The template `id` of `domain`, marked as just used; undefined when unknown. */
  template(domain: number, id: number): Template | undefined {
    const key = templateKey(domain, id);
    const t = this.#templates.get(key);
    if (t !== undefined) {
      this.#templates.delete(key);
      this.#templates.set(key, t);
    }
    return t;
  }

  /** Learn (or replace) a template; past the cap the least recently used one goes. */
  setTemplate(domain: number, t: Template): void {
    const key = templateKey(domain, t.id);
    this.#templates.delete(key);
    if (this.#templates.size >= MAX_TEMPLATES_PER_EXPORTER) {
      this.#templates.delete(this.#templates.keys().next().value!);
      this.drop("templateEvicted");
    }
    this.#templates.set(key, t);
  }

  /** Forget template `id` of `domain` (an IPFIX withdrawal), or all of the domain's (id 2/3). */
  withdraw(domain: number, id: number, all: boolean): void {
    if (!all) {
      this.#templates.delete(templateKey(domain, id));
      return;
    }
    for (const key of [...this.#templates.keys()]) {
      if (Math.floor(key / 65536) === domain) this.#templates.delete(key);
    }
  }

  /** 1 in how many packets sampler `sampler` of `domain` takes; undefined when not described. */
  samplingOf(domain: number, sampler: number): number | undefined {
    return this.#samplers.get(samplerKey(domain, sampler));
  }

  setSampling(domain: number, sampler: number, interval: number): void {
    this.#bounded(this.#samplers, samplerKey(domain, sampler), interval);
  }

  /** Epoch ms at which `domain`'s sysUpTime was 0 (IPFIX systemInitTimeMilliseconds). */
  systemInitOf(domain: number): number | undefined {
    return this.#systemInit.get(domain);
  }

  setSystemInit(domain: number, epochMs: number): void {
    this.#bounded(this.#systemInit, domain, epochMs);
  }

  #bounded<K>(map: Map<K, number>, key: K, value: number): void {
    map.delete(key);
    if (map.size >= MAX_SAMPLERS_PER_EXPORTER) {
      map.delete(map.keys().next().value!);
      this.drop("samplerEvicted");
    }
    map.set(key, value);
  }
}

/** Sampler ids below this share one number with their domain; larger ones (PSAMP's 64-bit
 * selectorId) are keyed by text. */
const NUMERIC_SAMPLERS = 2 ** 21 - 1;

/**
 * Domain and sampler as one key, asked for once per flow record: a number (32 + 21 bits fit in
 * 2^53) for the usual small ids, so the lookup makes no string.
 */
function samplerKey(domain: number, sampler: number): number | string {
  return sampler < NUMERIC_SAMPLERS ? domain * 2 ** 21 + (sampler + 1) : `${domain}/${sampler}`;
}

/** Observation domain and template id as one exact number (32 + 16 bits fit in 2^53). */
function templateKey(domain: number, id: number): number {
  return domain * 65536 + id;
}
