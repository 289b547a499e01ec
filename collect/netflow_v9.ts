/**
 * NetFlow v9 (RFC 3954): a 20-byte header, then flowsets: templates (id 0), options templates
 * (id 1) and data (id 256 and up, the template id). Templates live per exporter and source id.
 *
 *   header:   version(2) count(2) sysUptime(4) unix_secs(4) sequence(4) source_id(4)
 *   flowset:  id(2) length(2, header included) then its content, padded to 4 bytes
 *   template: template_id(2) field_count(2) then field_count x (type(2) length(2))
 *   options:  template_id(2) scope_length(2) option_length(2) then scope fields, option fields
 */

import type { FlowSink } from "./collected_flow.ts";
import { readDataSet } from "./data_set.ts";
import type { ExporterState } from "./exporter_state.ts";
import type { RecordFields } from "./record_fields.ts";
import { buildTemplate } from "./template.ts";
import { readFieldSpecs } from "./template_fields.ts";

export const V9_HEADER_BYTES = 20;
const SET_HEADER_BYTES = 4;
const TEMPLATE_FLOWSET = 0;
const OPTIONS_FLOWSET = 1;
const FIRST_DATA_FLOWSET = 256;

/** Read a v9 datagram (version already checked). */
export function parseNetflowV9(
  view: DataView,
  exporter: ExporterState,
  fields: RecordFields,
  sink: FlowSink,
): void {
  const length = view.byteLength;
  if (length < V9_HEADER_BYTES) return exporter.drop("truncatedHeader");
  const uptime = view.getUint32(4);
  const exportMs = view.getUint32(8) * 1000;
  const clock = { exportMs, bootMs: exportMs - uptime };
  const domain = view.getUint32(16);
  // The sequence number counts export datagrams of the source id (RFC 3954 section 5.1).
  const sequence = view.getUint32(12);
  exporter.checkSequence(domain, sequence);
  exporter.expectSequence(domain, sequence + 1);
  for (let at = V9_HEADER_BYTES; at + SET_HEADER_BYTES <= length;) {
    const id = view.getUint16(at);
    const setLength = view.getUint16(at + 2);
    if (setLength < SET_HEADER_BYTES || at + setLength > length) {
      return exporter.drop("badLength");
    }
    const start = at + SET_HEADER_BYTES;
    const end = at + setLength;
    if (id === TEMPLATE_FLOWSET) readTemplates(view, start, end, exporter, domain);
    else if (id === OPTIONS_FLOWSET) readOptionsTemplates(view, start, end, exporter, domain);
    else if (id < FIRST_DATA_FLOWSET) exporter.drop("badSetId");
    else {
      const t = exporter.template(domain, id);
      if (t === undefined) exporter.drop("unknownTemplate");
      else readDataSet(view, start, end, t, exporter, domain, clock, fields, sink);
    }
    at = end;
  }
}

function readTemplates(
  view: DataView,
  at: number,
  end: number,
  exporter: ExporterState,
  domain: number,
): void {
  while (end - at >= 4) {
    const id = view.getUint16(at);
    const count = view.getUint16(at + 2);
    if (id === 0 && count === 0) return; // padding
    const read = readFieldSpecs(view, at + 4, end, count, false, 0);
    if (read === null) return exporter.drop("badTemplate");
    at = read.next;
    if (read.tooMany) {
      exporter.drop("tooManyFields");
      continue;
    }
    const t = buildTemplate(id, false, read.specs);
    if (typeof t === "string") exporter.drop(t);
    else exporter.setTemplate(domain, t);
  }
}

function readOptionsTemplates(
  view: DataView,
  at: number,
  end: number,
  exporter: ExporterState,
  domain: number,
): void {
  while (end - at >= 6) {
    const id = view.getUint16(at);
    const scopeBytes = view.getUint16(at + 2);
    const optionBytes = view.getUint16(at + 4);
    if (id === 0 && scopeBytes === 0) return; // padding
    if (scopeBytes % 4 !== 0 || optionBytes % 4 !== 0) return exporter.drop("badTemplate");
    // v9 scope fields are not information elements (1 means "system", not octets): skipped.
    const scopes = scopeBytes / 4;
    const read = readFieldSpecs(view, at + 6, end, scopes + optionBytes / 4, false, scopes);
    if (read === null) return exporter.drop("badTemplate");
    at = read.next;
    if (read.tooMany) {
      exporter.drop("tooManyFields");
      continue;
    }
    const t = buildTemplate(id, true, read.specs);
    if (typeof t === "string") exporter.drop(t);
    else exporter.setTemplate(domain, t);
  }
}
