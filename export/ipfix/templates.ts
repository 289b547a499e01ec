/**
 * The IPFIX templates wirescope exports flows with, and the encoding of template sets and data
 * records from them (RFC 7011 sections 3.3 and 3.4). One field list drives both, so a data
 * record always matches the template it claims.
 *
 * Information elements are IANA's (RFC 7012 and the IPFIX registry); the reverse ones of biflow
 * records are the same numbers under the reverse PEN 29305 (RFC 5103 section 6.1).
 */

import type { FlowExportRecord } from "./flow_export_record.ts";

/** Private Enterprise Number that marks an element as the reverse direction (RFC 5103). */
export const REVERSE_PEN = 29_305;
/** The enterprise bit of a field specifier's element id (RFC 7011 3.2). */
const ENTERPRISE_BIT = 0x8000;
/** Set IDs: 2 carries templates; data sets carry their template's id, 256 and up. */
export const TEMPLATE_SET_ID = 2;
export const SET_HEADER_BYTES = 4;
const TEMPLATE_HEADER_BYTES = 4;

/** IANA element ids used here. */
export const Ie = {
  octetDeltaCount: 1,
  packetDeltaCount: 2,
  protocolIdentifier: 4,
  tcpControlBits: 6,
  sourceTransportPort: 7,
  sourceIPv4Address: 8,
  ingressInterface: 10,
  destinationTransportPort: 11,
  destinationIPv4Address: 12,
  sourceIPv6Address: 27,
  destinationIPv6Address: 28,
  vlanId: 58,
  flowEndReason: 136,
  flowStartMilliseconds: 152,
  flowEndMilliseconds: 153,
} as const;

export interface FieldSpec {
  ie: number;
  length: number;
  /** The reverse-direction element (RFC 5103). */
  reverse?: true;
}

export interface Template {
  id: number;
  family: 4 | 16;
  biflow: boolean;
  fields: readonly FieldSpec[];
  /** Bytes of one data record. */
  recordBytes: number;
}

/** Fields every template starts with: times and counters first, 8-byte aligned. */
const COUNTERS: readonly FieldSpec[] = [
  { ie: Ie.flowStartMilliseconds, length: 8 },
  { ie: Ie.flowEndMilliseconds, length: 8 },
  { ie: Ie.octetDeltaCount, length: 8 },
  { ie: Ie.packetDeltaCount, length: 8 },
];
const REVERSE_COUNTERS: readonly FieldSpec[] = [
  { ie: Ie.octetDeltaCount, length: 8, reverse: true },
  { ie: Ie.packetDeltaCount, length: 8, reverse: true },
];
const ADDRESSES_V4: readonly FieldSpec[] = [
  { ie: Ie.sourceIPv4Address, length: 4 },
  { ie: Ie.destinationIPv4Address, length: 4 },
];
const ADDRESSES_V6: readonly FieldSpec[] = [
  { ie: Ie.sourceIPv6Address, length: 16 },
  { ie: Ie.destinationIPv6Address, length: 16 },
];
/** tcpControlBits is 2 bytes since RFC 7125 (the NS bit and room for more). */
const REST: readonly FieldSpec[] = [
  { ie: Ie.ingressInterface, length: 4 },
  { ie: Ie.sourceTransportPort, length: 2 },
  { ie: Ie.destinationTransportPort, length: 2 },
  { ie: Ie.tcpControlBits, length: 2 },
  { ie: Ie.vlanId, length: 2 },
  { ie: Ie.protocolIdentifier, length: 1 },
  { ie: Ie.flowEndReason, length: 1 },
];
const REVERSE_FLAGS: readonly FieldSpec[] = [{ ie: Ie.tcpControlBits, length: 2, reverse: true }];

function template(id: number, family: 4 | 16, biflow: boolean): Template {
  const fields = [
    ...COUNTERS,
    ...(biflow ? REVERSE_COUNTERS : []),
    ...(family === 4 ? ADDRESSES_V4 : ADDRESSES_V6),
    ...REST,
    ...(biflow ? REVERSE_FLAGS : []),
  ];
  const recordBytes = fields.reduce((sum, f) => sum + f.length, 0);
  return { id, family, biflow, fields, recordBytes };
}

/** The two templates (IPv4, IPv6) of each mode. */
export const UNIFLOW_TEMPLATES = [template(256, 4, false), template(257, 16, false)] as const;
export const BIFLOW_TEMPLATES = [template(258, 4, true), template(259, 16, true)] as const;

/** Bytes a template set holding `templates` takes. */
export function templateSetBytes(templates: readonly Template[]): number {
  let bytes = SET_HEADER_BYTES;
  for (const t of templates) {
    bytes += TEMPLATE_HEADER_BYTES;
    for (const f of t.fields) bytes += f.reverse ? 8 : 4;
  }
  return bytes;
}

/** Write a template set of `templates` at `at`; returns the offset after it. */
export function writeTemplateSet(view: DataView, at: number, templates: readonly Template[]) {
  const start = at;
  at += SET_HEADER_BYTES;
  for (const t of templates) {
    view.setUint16(at, t.id);
    view.setUint16(at + 2, t.fields.length);
    at += TEMPLATE_HEADER_BYTES;
    for (const f of t.fields) {
      view.setUint16(at, f.reverse ? f.ie | ENTERPRISE_BIT : f.ie);
      view.setUint16(at + 2, f.length);
      at += 4;
      if (f.reverse) {
        view.setUint32(at, REVERSE_PEN);
        at += 4;
      }
    }
  }
  view.setUint16(start, TEMPLATE_SET_ID);
  view.setUint16(start + 2, at - start);
  return at;
}

/** Write `record` as a data record of template `t` at `at`; returns the offset after it. */
export function writeDataRecord(
  view: DataView,
  at: number,
  t: Template,
  record: FlowExportRecord,
): number {
  for (const f of t.fields) {
    writeField(view, at, f, record);
    at += f.length;
  }
  return at;
}

function writeField(view: DataView, at: number, f: FieldSpec, r: FlowExportRecord): void {
  switch (f.ie) {
    case Ie.flowStartMilliseconds:
      return view.setBigUint64(at, BigInt(Math.floor(r.startMs)));
    case Ie.flowEndMilliseconds:
      return view.setBigUint64(at, BigInt(Math.floor(r.endMs)));
    case Ie.octetDeltaCount:
      return view.setBigUint64(at, BigInt(f.reverse ? r.reverseOctets : r.octets));
    case Ie.packetDeltaCount:
      return view.setBigUint64(at, BigInt(f.reverse ? r.reversePackets : r.packets));
    case Ie.sourceIPv4Address:
    case Ie.sourceIPv6Address:
      return copyBytes(view, at, r.source, f.length);
    case Ie.destinationIPv4Address:
    case Ie.destinationIPv6Address:
      return copyBytes(view, at, r.destination, f.length);
    case Ie.ingressInterface:
      return view.setUint32(at, r.ingressInterface);
    case Ie.sourceTransportPort:
      return view.setUint16(at, r.sourcePort);
    case Ie.destinationTransportPort:
      return view.setUint16(at, r.destinationPort);
    case Ie.tcpControlBits:
      return view.setUint16(at, f.reverse ? r.reverseTcpFlags : r.tcpFlags);
    case Ie.vlanId:
      return view.setUint16(at, r.vlanId);
    case Ie.protocolIdentifier:
      return view.setUint8(at, r.protocol);
    case Ie.flowEndReason:
      return view.setUint8(at, r.endReason);
    default:
      throw new RangeError(`Cannot encode IPFIX element ${f.ie}: no value for it`);
  }
}

function copyBytes(view: DataView, at: number, bytes: Uint8Array, length: number): void {
  for (let i = 0; i < length; i++) view.setUint8(at + i, bytes[i]!);
}
