import assert from "node:assert/strict";
import { FlowExportRecord } from "./flow_export_record.ts";
import {
  BIFLOW_TEMPLATES,
  Ie,
  REVERSE_PEN,
  TEMPLATE_SET_ID,
  templateSetBytes,
  UNIFLOW_TEMPLATES,
  writeDataRecord,
  writeTemplateSet,
} from "./templates.ts";

Deno.test("writeTemplateSet(): RFC 7011 template records, reverse elements under PEN 29305", () => {
  const bytes = new Uint8Array(templateSetBytes(BIFLOW_TEMPLATES));
  const view = new DataView(bytes.buffer);
  assert.equal(writeTemplateSet(view, 0, BIFLOW_TEMPLATES), bytes.length);
  assert.equal(view.getUint16(0), TEMPLATE_SET_ID);
  assert.equal(view.getUint16(2), bytes.length);
  let at = 4;
  for (const t of BIFLOW_TEMPLATES) {
    assert.equal(view.getUint16(at), t.id);
    assert.equal(view.getUint16(at + 2), t.fields.length);
    at += 4;
    let reverse = 0;
    for (const f of t.fields) {
      const id = view.getUint16(at);
      assert.equal(view.getUint16(at + 2), f.length);
      at += 4;
      if (id & 0x8000) {
        assert.equal(view.getUint32(at), REVERSE_PEN);
        at += 4;
        reverse++;
      }
      assert.equal(id & 0x7fff, f.ie);
    }
    assert.equal(reverse, 3, "reverse octets, packets and TCP flags");
  }
  assert.equal(at, bytes.length);
});

Deno.test("writeDataRecord(): every field at its template's offset, in network order", () => {
  const t = UNIFLOW_TEMPLATES[1];
  const r = new FlowExportRecord();
  r.family = 16;
  r.source.set([0x20, 0x01, 0x0d, 0xb8], 0);
  r.source[15] = 1;
  r.destination.set([0x20, 0x01, 0x0d, 0xb8], 0);
  r.destination[15] = 2;
  r.sourcePort = 443;
  r.destinationPort = 50_000;
  r.protocol = 6;
  r.startMs = 1_700_000_000_123.7;
  r.endMs = 1_700_000_001_456;
  r.octets = 2 ** 40 + 5;
  r.packets = 3;
  r.tcpFlags = 0x11b;
  r.vlanId = 4094;
  r.ingressInterface = 0xfffffffe;
  r.endReason = 3;
  const bytes = new Uint8Array(t.recordBytes);
  const view = new DataView(bytes.buffer);
  assert.equal(writeDataRecord(view, 0, t, r), t.recordBytes);
  const values = new Map<number, number | bigint | string>();
  let at = 0;
  for (const f of t.fields) {
    const v = f.length === 8
      ? view.getBigUint64(at)
      : f.length === 4
      ? view.getUint32(at)
      : f.length === 2
      ? view.getUint16(at)
      : f.length === 1
      ? view.getUint8(at)
      : [...bytes.subarray(at, at + f.length)].join(".");
    values.set(f.ie, v);
    at += f.length;
  }
  assert.equal(values.get(Ie.flowStartMilliseconds), 1_700_000_000_123n);
  assert.equal(values.get(Ie.flowEndMilliseconds), 1_700_000_001_456n);
  assert.equal(values.get(Ie.octetDeltaCount), 2n ** 40n + 5n);
  assert.equal(values.get(Ie.packetDeltaCount), 3n);
  assert.equal(values.get(Ie.sourceIPv6Address), "32.1.13.184.0.0.0.0.0.0.0.0.0.0.0.1");
  assert.equal(values.get(Ie.destinationIPv6Address), "32.1.13.184.0.0.0.0.0.0.0.0.0.0.0.2");
  assert.equal(values.get(Ie.sourceTransportPort), 443);
  assert.equal(values.get(Ie.destinationTransportPort), 50_000);
  assert.equal(values.get(Ie.protocolIdentifier), 6);
  assert.equal(values.get(Ie.tcpControlBits), 0x11b);
  assert.equal(values.get(Ie.vlanId), 4094);
  assert.equal(values.get(Ie.ingressInterface), 0xfffffffe);
  assert.equal(values.get(Ie.flowEndReason), 3);
});
