/**
 * The exporters the collector has heard from, capped: past `MAX_EXPORTERS` the one heard from
 * least recently is forgotten (templates and all), so datagrams from many spoofed addresses cost
 * a bounded table, not memory without end. A forgotten exporter's next data sets count as
 * `unknownTemplate` until it sends its templates again, as exporters do every few seconds
 * (RFC 7011 section 8.4 over UDP).
 */

import type { DropReason } from "./drop_reason.ts";
import { ExporterState, MAX_TEMPLATES_PER_EXPORTER } from "./exporter_state.ts";
import { MAX_TEMPLATE_FIELDS } from "./template.ts";

/**
 * Exporters kept at once. A site's routers, switches and sensors number in the tens to low
 * hundreds. 256 of them, each holding at most `MAX_TEMPLATES_PER_EXPORTER` templates of at most
 * `MAX_TEMPLATE_FIELDS` fields (4 bytes each), hold at most 16 MiB of template fields, and that
 * only if every one sends the largest templates the caps allow; real ones hold a few KiB each.
 */
export const MAX_EXPORTERS = 256;

/** Worst-case bytes of template fields the table can hold (for the documentation's arithmetic). */
export const MAX_TEMPLATE_BYTES = MAX_EXPORTERS * MAX_TEMPLATES_PER_EXPORTER *
  MAX_TEMPLATE_FIELDS * 4;

export class ExporterTable {
  readonly #exporters = new Map<string, ExporterState>();
  readonly #onDrop: (reason: DropReason) => void;
  readonly #cap: number;

  constructor(onDrop: (reason: DropReason) => void, cap = MAX_EXPORTERS) {
    this.#onDrop = onDrop;
    this.#cap = cap;
  }

  get size(): number {
    return this.#exporters.size;
  }

  /** The state of `address` speaking `version`, made (and marked as just heard) as needed. */
  get(address: string, version: number): ExporterState {
    const key = `${address} v${version}`;
    let state = this.#exporters.get(key);
    if (state !== undefined) {
      this.#exporters.delete(key);
    } else {
      if (this.#exporters.size >= this.#cap) {
        this.#exporters.delete(this.#exporters.keys().next().value!);
        this.#onDrop("exporterEvicted");
      }
      state = new ExporterState(address, version, this.#onDrop);
    }
    this.#exporters.set(key, state);
    return state;
  }

  /** Every exporter, most recently heard first. */
  list(): ExporterState[] {
    return [...this.#exporters.values()].reverse();
  }
}
