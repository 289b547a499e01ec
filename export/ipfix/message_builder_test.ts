import assert from "node:assert/strict";
import { FlowExportRecord } from "./flow_export_record.ts";
import {
  IpfixMessageBuilder,
  MAX_MESSAGE_BYTES,
  MESSAGE_HEADER_BYTES,
  TEMPLATE_REFRESH_MESSAGES,
  TEMPLATE_REFRESH_MS,
} from "./message_builder.ts";
import { BIFLOW_TEMPLATES, TEMPLATE_SET_ID, UNIFLOW_TEMPLATES } from "./templates.ts";

interface Parsed {
  length: number;
  sequence: number;
  domain: number;
  setId: number;
  records: number;
}

/** Header and first set of a message (RFC 7011 3.1, 3.3.2). */
function parse(message: Uint8Array, recordBytes: number): Parsed {
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  assert.equal(view.getUint16(0), 10, "version");
  const setId = view.getUint16(MESSAGE_HEADER_BYTES);
  const setLength = view.getUint16(MESSAGE_HEADER_BYTES + 2);
  assert.equal(MESSAGE_HEADER_BYTES + setLength, message.length, "one set fills the message");
  return {
    length: view.getUint16(2),
    sequence: view.getUint32(8),
    domain: view.getUint32(12),
    setId,
    records: setId === TEMPLATE_SET_ID ? 0 : (setLength - 4) / recordBytes,
  };
}

function record(): FlowExportRecord {
  const r = new FlowExportRecord();
  r.family = 4;
  r.source.set([192, 0, 2, 1]);
  r.destination.set([192, 0, 2, 2]);
  r.packets = 1;
  r.octets = 60;
  return r;
}

Deno.test("IpfixMessageBuilder: templates first, messages within MAX_MESSAGE_BYTES, sequence = records before", () => {
  const sent: Uint8Array[] = [];
  const t = UNIFLOW_TEMPLATES[0];
  const builder = new IpfixMessageBuilder(UNIFLOW_TEMPLATES, 7, (m) => sent.push(m), () => 0);
  const total = 1000;
  for (let i = 0; i < total; i++) builder.add(t, record());
  builder.flush();
  const parsed = sent.map((m) => parse(m, t.recordBytes));
  assert.equal(parsed[0]!.setId, TEMPLATE_SET_ID);
  let before = 0;
  let sinceTemplates = Infinity;
  for (const [i, p] of parsed.entries()) {
    assert.ok(sent[i]!.length <= MAX_MESSAGE_BYTES, `message ${i}: ${sent[i]!.length} bytes`);
    assert.equal(p.length, sent[i]!.length);
    assert.equal(p.domain, 7);
    assert.equal(p.sequence, before, `message ${i}'s sequence number`);
    if (p.setId === TEMPLATE_SET_ID) {
      sinceTemplates = 0;
      continue;
    }
    assert.equal(p.setId, t.id);
    assert.ok(sinceTemplates < TEMPLATE_REFRESH_MESSAGES, "templates refreshed in time");
    sinceTemplates++;
    before += p.records;
  }
  assert.equal(before, total);
  assert.equal(builder.records, total);
  const templateMessages = parsed.filter((p) => p.setId === TEMPLATE_SET_ID).length;
  const dataMessages = parsed.length - templateMessages;
  assert.equal(templateMessages, Math.ceil(dataMessages / TEMPLATE_REFRESH_MESSAGES));
});

Deno.test("IpfixMessageBuilder: templates again once TEMPLATE_REFRESH_MS has passed, data or not", () => {
  const sent: Uint8Array[] = [];
  let now = 1_000_000;
  const t = BIFLOW_TEMPLATES[1];
  const builder = new IpfixMessageBuilder(BIFLOW_TEMPLATES, 0, (m) => sent.push(m), () => now);
  builder.flush();
  assert.equal(sent.length, 1, "templates at the first flush");
  now += TEMPLATE_REFRESH_MS - 1;
  builder.flush();
  assert.equal(sent.length, 1, "nothing due yet");
  now += 1;
  builder.flush();
  assert.equal(sent.length, 2, "refreshed by time with no data");
  const r = record();
  r.family = 16;
  builder.add(t, r);
  builder.flush();
  assert.equal(sent.length, 3, "data alone: templates are fresh");
  assert.equal(parse(sent[2]!, t.recordBytes).records, 1);
});
