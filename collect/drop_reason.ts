/**
 * Why the collector threw something away. Each reason is counted; nothing it drops costs memory
 * beyond its counter.
 */

export const DROP_REASONS = [
  /** Shorter than the version's fixed header. */
  "truncatedHeader",
  /** A version other than 5, 9 or 10. */
  "unknownVersion",
  /** A length that lies: a set past the datagram's end or shorter than its own header, an IPFIX
   * message length other than the datagram's, NetFlow v5 records past the end. */
  "badLength",
  /** NetFlow v5 record count 0 or over 30 (the most one v5 datagram carries). */
  "badCount",
  /** A set id that is neither a template set nor a data set (v9 2-255, IPFIX 0, 1, 4-255). */
  "badSetId",
  /** A data set whose template this exporter has not sent (or that was evicted). */
  "unknownTemplate",
  /** A template that runs past its set, or has a reserved id (below 256). */
  "badTemplate",
  /** A template with more than `MAX_TEMPLATE_FIELDS` fields. */
  "tooManyFields",
  /** A template field of length 0: a record of it could be empty, and a set of them endless. */
  "zeroLengthField",
  /** A template giving an element a length it cannot have (an IPv4 address of 3 bytes). */
  "badFieldLength",
  /** A variable-length field whose length runs past its set. */
  "badVariableLength",
  /** A flow record with no source and destination address. */
  "noAddresses",
  /** Templates pushed out by newer ones past `MAX_TEMPLATES_PER_EXPORTER`. */
  "templateEvicted",
  /** Exporters pushed out by newer ones past `MAX_EXPORTERS`, with their templates. */
  "exporterEvicted",
  /** Sampler descriptions pushed out past `MAX_SAMPLERS_PER_EXPORTER`. */
  "samplerEvicted",
  /** Datagrams that arrived while `MAX_QUEUED_DATAGRAMS` already waited to be read. */
  "backlog",
] as const;
export type DropReason = typeof DROP_REASONS[number];

/** Counters by reason, for the collector as a whole or for one exporter. */
export class DropCounts {
  readonly #counts = new Float64Array(DROP_REASONS.length);
  #total = 0;

  add(reason: DropReason, n = 1): void {
    const i = DROP_REASONS.indexOf(reason);
    this.#counts[i] = this.#counts[i]! + n;
    this.#total += n;
  }

  get total(): number {
    return this.#total;
  }

  get(reason: DropReason): number {
    return this.#counts[DROP_REASONS.indexOf(reason)]!;
  }

  /** The reasons that happened, by name. */
  toJSON(): Record<string, number> {
    const out: Record<string, number> = {};
    DROP_REASONS.forEach((name, i) => {
      if (this.#counts[i]! > 0) out[name] = this.#counts[i]!;
    });
    return out;
  }
}
