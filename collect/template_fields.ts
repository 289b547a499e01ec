/**
 * The field list of a template record, shared by v9 (type and length, 4 bytes each) and IPFIX
 * (the same, plus a 4-byte enterprise number after any id with its top bit set, RFC 7011
 * section 3.2). Every read is checked against the end of the set first.
 */

import { REVERSE, REVERSE_PEN, REVERSED } from "./information_elements.ts";
import { type FieldSpec, MAX_TEMPLATE_FIELDS } from "./template.ts";

const READ_REVERSED: ReadonlySet<number> = new Set(Object.values(REVERSED));

const ENTERPRISE_BIT = 0x8000;

/**
 * Read `count` field specifiers at `at`, the first `skipFirst` marked to be skipped. Returns
 * the specs and the offset after them, or null when they run past `end`. More than
 * `MAX_TEMPLATE_FIELDS` are skipped over without being kept (`specs` is then empty and
 * `tooMany` set), so a hostile count costs no memory.
 */
export function readFieldSpecs(
  view: DataView,
  at: number,
  end: number,
  count: number,
  ipfix: boolean,
  skipFirst: number,
): { specs: FieldSpec[]; next: number; tooMany: boolean } | null {
  const tooMany = count > MAX_TEMPLATE_FIELDS;
  const specs: FieldSpec[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 4 > end) return null;
    let id = view.getUint16(at);
    const length = view.getUint16(at + 2);
    at += 4;
    let skip = i < skipFirst;
    if (ipfix && (id & ENTERPRISE_BIT) !== 0) {
      if (at + 4 > end) return null;
      const pen = view.getUint32(at);
      at += 4;
      // An enterprise-specific element: not one of IANA's, whatever its number, unless it is a
      // biflow's reverse counter (RFC 5103) that the collector reads.
      id = REVERSE | (id & ~ENTERPRISE_BIT);
      if (pen !== REVERSE_PEN || !READ_REVERSED.has(id)) skip = true;
    }
    if (!tooMany) specs.push({ id, length, skip });
  }
  return { specs, next: at, tooMany };
}
