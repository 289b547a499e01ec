/**
 * IPFIX (RFC 7011): a 16-byte message header whose length must be the datagram's, then sets:
 * templates (id 2), options templates (id 3) and data (id 256 and up, the template id).
 * Templates live per exporter and observation domain; a template record with no fields
 * withdraws its template (id 2 or 3 withdraws them all, section 8.1).
 *
 *   header:   version(2)=10 length(2) export_time(4, epoch s) sequence(4) domain_id(4)
 *   set:      id(2) length(2, header included)
 *   template: template_id(2) field_count(2) then fields (id(2) length(2) [enterprise(4)])
 *   options:  template_id(2) field_count(2) scope_field_count(2) then fields, scopes first
 */

import type { FlowSink } from "./collected_flow.ts";
import { readDataSet } from "./data_set.ts";
import type { ExporterState } from "./exporter_state.ts";
import type { RecordFields } from "./record_fields.ts";
import { buildTemplate } from "./template.ts";
import { readFieldSpecs } from "./template_fields.ts";

export const IPFIX_HEADER_BYTES = 16;
const SET_HEADER_BYTES = 4;
const TEMPLATE_SET = 2;
const OPTIONS_SET = 3;
const FIRST_DATA_SET = 256;

/** Read an IPFIX message (version already checked). */
export function parseIpfix(
  view: DataView,
  exporter: ExporterState,
  fields: RecordFields,
  sink: FlowSink,
): void {
  const length = view.byteLength;
  if (length < IPFIX_HEADER_BYTES) return exporter.drop("truncatedHeader");
  if (view.getUint16(2) !== length) return exporter.drop("badLength");
  // sysUpTime-relative times need the exporter's systemInitTimeMilliseconds (options data).
  const clock = { exportMs: view.getUint32(4) * 1000, bootMs: NaN };
  const domain = view.getUint32(12);
  // The sequence number counts data records before this message (section 3.1).
  const sequence = view.getUint32(8);
  exporter.checkSequence(domain, sequence);
  let records = 0;
  let countable = true;
  for (let at = IPFIX_HEADER_BYTES; at + SET_HEADER_BYTES <= length;) {
    const id = view.getUint16(at);
    const setLength = view.getUint16(at + 2);
    if (setLength < SET_HEADER_BYTES || at + setLength > length) {
      exporter.forgetSequence(domain);
      return exporter.drop("badLength");
    }
    const start = at + SET_HEADER_BYTES;
    const end = at + setLength;
    if (id === TEMPLATE_SET || id === OPTIONS_SET) {
      readTemplates(view, start, end, exporter, domain, id === OPTIONS_SET);
    } else if (id < FIRST_DATA_SET) exporter.drop("badSetId");
    else {
      const t = exporter.template(domain, id);
      if (t === undefined) {
        exporter.drop("unknownTemplate");
        countable = false;
      } else records += readDataSet(view, start, end, t, exporter, domain, clock, fields, sink);
    }
    at = end;
  }
  if (countable) exporter.expectSequence(domain, sequence + records);
  else exporter.forgetSequence(domain);
}

function readTemplates(
  view: DataView,
  at: number,
  end: number,
  exporter: ExporterState,
  domain: number,
  options: boolean,
): void {
  while (end - at >= 4) {
    const id = view.getUint16(at);
    const count = view.getUint16(at + 2);
    if (count === 0) {
      // A withdrawal (section 8.1); id 2 or 3 names every template of the domain.
      if (id === 0) return; // padding
      exporter.withdraw(domain, id, id === TEMPLATE_SET || id === OPTIONS_SET);
      at += 4;
      continue;
    }
    let scopes = 0;
    let fieldsAt = at + 4;
    if (options) {
      if (end - at < 6) return exporter.drop("badTemplate");
      scopes = view.getUint16(at + 4);
      fieldsAt = at + 6;
      // An options template has at least one scope field and no more than it has fields.
      if (scopes === 0 || scopes > count) return exporter.drop("badTemplate");
    }
    // IPFIX scope fields are information elements (a selectorId names the sampler): kept.
    const read = readFieldSpecs(view, fieldsAt, end, count, true, 0);
    if (read === null) return exporter.drop("badTemplate");
    at = read.next;
    if (read.tooMany) {
      exporter.drop("tooManyFields");
      continue;
    }
    const t = buildTemplate(id, options, read.specs);
    if (typeof t === "string") exporter.drop(t);
    else exporter.setTemplate(domain, t);
  }
}
