/**
 * IPFIX messages (RFC 7011 section 3) for one observation domain: data records gathered into
 * one pending message per template, each message at most MAX_MESSAGE_BYTES, and the templates
 * sent before the first data, again every TEMPLATE_REFRESH_MESSAGES data messages and every
 * TEMPLATE_REFRESH_MS (over UDP a collector may start or restart at any time and only learns
 * templates from the stream: RFC 7011 8.4).
 *
 * The sequence number of a message is the number of data records sent in this domain before
 * it, modulo 2^32 (RFC 7011 3.1); template-only messages carry it unchanged.
 */

import type { FlowExportRecord } from "./flow_export_record.ts";
import {
  SET_HEADER_BYTES,
  type Template,
  templateSetBytes,
  writeDataRecord,
  writeTemplateSet,
} from "./templates.ts";

export const IPFIX_VERSION = 10;
export const MESSAGE_HEADER_BYTES = 16;
/**
 * Largest message: the IPv6 minimum MTU (1280) less the IPv6 and UDP headers, so no message is
 * fragmented on any path, IPv4 or IPv6 (RFC 7011 10.3.3 asks for the path MTU).
 */
export const MAX_MESSAGE_BYTES = 1232;
/** Data messages between template refreshes. */
export const TEMPLATE_REFRESH_MESSAGES = 20;
/** Longest time between template refreshes while the exporter runs. */
export const TEMPLATE_REFRESH_MS = 60_000;

/** Where finished messages go; `message` is the caller's to keep. */
export type MessageSink = (message: Uint8Array) => void;

interface Pending {
  readonly template: Template;
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Offset after the last record, or 0 while the message holds none. */
  at: number;
  records: number;
}

export class IpfixMessageBuilder {
  readonly domainId: number;
  readonly #templates: readonly Template[];
  readonly #pending: Pending[];
  readonly #sink: MessageSink;
  readonly #wallMs: () => number;
  #sequence = 0;
  #messagesSinceTemplates = Infinity;
  #templatesAtMs = -Infinity;
  /** Data records and messages (templates included) emitted so far. */
  records = 0;
  messages = 0;

  constructor(
    templates: readonly Template[],
    domainId: number,
    sink: MessageSink,
    wallMs: () => number = Date.now,
  ) {
    const fits = MAX_MESSAGE_BYTES - MESSAGE_HEADER_BYTES - SET_HEADER_BYTES;
    if (templates.some((t) => t.recordBytes > fits) || templateSetBytes(templates) > fits) {
      throw new RangeError("Cannot build IPFIX messages: a template does not fit one message");
    }
    this.domainId = domainId;
    this.#templates = templates;
    this.#sink = sink;
    this.#wallMs = wallMs;
    this.#pending = templates.map((template) => {
      const bytes = new Uint8Array(MAX_MESSAGE_BYTES);
      return { template, bytes, view: new DataView(bytes.buffer), at: 0, records: 0 };
    });
  }

  /** The sequence number the next message will carry. */
  get sequence(): number {
    return this.#sequence;
  }

  /** Add `record` as a data record of `template` (one of this builder's). */
  add(template: Template, record: FlowExportRecord): void {
    const p = this.#pending.find((p) => p.template === template);
    if (p === undefined) throw new RangeError(`Cannot add to template ${template.id}: not mine`);
    if (p.at + template.recordBytes > MAX_MESSAGE_BYTES) this.#emitData(p);
    if (p.at === 0) p.at = MESSAGE_HEADER_BYTES + SET_HEADER_BYTES;
    p.at = writeDataRecord(p.view, p.at, template, record);
    p.records++;
  }

  /** Send every message that holds records, and the templates when they are due by time. */
  flush(): void {
    for (const p of this.#pending) if (p.records > 0) this.#emitData(p);
    if (this.#wallMs() - this.#templatesAtMs >= TEMPLATE_REFRESH_MS) this.#emitTemplates();
  }

  #emitData(p: Pending): void {
    if (
      this.#messagesSinceTemplates >= TEMPLATE_REFRESH_MESSAGES ||
      this.#wallMs() - this.#templatesAtMs >= TEMPLATE_REFRESH_MS
    ) this.#emitTemplates();
    const setStart = MESSAGE_HEADER_BYTES;
    p.view.setUint16(setStart, p.template.id);
    p.view.setUint16(setStart + 2, p.at - setStart);
    this.#writeHeader(p.view, p.at);
    this.#sink(p.bytes.slice(0, p.at));
    this.#sequence = (this.#sequence + p.records) >>> 0;
    this.records += p.records;
    this.messages++;
    this.#messagesSinceTemplates++;
    p.at = 0;
    p.records = 0;
  }

  #emitTemplates(): void {
    const bytes = new Uint8Array(MESSAGE_HEADER_BYTES + templateSetBytes(this.#templates));
    const view = new DataView(bytes.buffer);
    writeTemplateSet(view, MESSAGE_HEADER_BYTES, this.#templates);
    this.#writeHeader(view, bytes.length);
    this.#sink(bytes);
    this.messages++;
    this.#messagesSinceTemplates = 0;
    this.#templatesAtMs = this.#wallMs();
  }

  #writeHeader(view: DataView, length: number): void {
    view.setUint16(0, IPFIX_VERSION);
    view.setUint16(2, length);
    view.setUint32(4, Math.floor(this.#wallMs() / 1000));
    view.setUint32(8, this.#sequence);
    view.setUint32(12, this.domainId);
  }
}
