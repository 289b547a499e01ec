/**
 * A template (RFC 3954 section 5.2, RFC 7011 section 3.4.1): the layout of the data records that
 * follow under its id. Parsed once when it arrives, checked against what each element may be,
 * so reading a record only walks its fields.
 */

import { allowedLength, VARIABLE_LENGTH } from "./information_elements.ts";
import type { DropReason } from "./drop_reason.ts";

/**
 * Fields in one template. IPFIX allows ~16,000 in theory; real exporters send 10 to 60 (nProbe's
 * largest stock templates stay under 100), and a field costs 4 bytes here, so a full table of
 * templates stays within a few MiB (see `exporter_state.ts`).
 */
export const MAX_TEMPLATE_FIELDS = 128;

/** An element id that the record reader skips by its length (enterprise and v9 scope fields). */
export const SKIPPED = 0;

export interface Template {
  id: number;
  /** Element id of each field, or `SKIPPED`. */
  readonly ids: Uint16Array;
  /** Length of each field; `VARIABLE_LENGTH` when each record carries it (IPFIX only). */
  readonly lengths: Uint16Array;
  /** An options template: its records describe the exporter (sampling, clock), not traffic. */
  options: boolean;
  /** The shortest record: fixed lengths, plus one byte per variable-length field. */
  minLength: number;
}

/** One field as read from the wire: its element id, length, and whether it is to be skipped. */
export interface FieldSpec {
  id: number;
  length: number;
  skip: boolean;
}

/** Build a template from its fields, or say why it is refused. */
export function buildTemplate(
  id: number,
  options: boolean,
  specs: readonly FieldSpec[],
): Template | DropReason {
  if (id < 256) return "badTemplate";
  if (specs.length > MAX_TEMPLATE_FIELDS) return "tooManyFields";
  const ids = new Uint16Array(specs.length);
  const lengths = new Uint16Array(specs.length);
  let minLength = 0;
  for (let i = 0; i < specs.length; i++) {
    const { id: element, length, skip } = specs[i]!;
    if (length === 0) return "zeroLengthField";
    const variable = length === VARIABLE_LENGTH;
    if (!skip && (variable ? knownElement(element) : !allowedLength(element, length))) {
      return "badFieldLength";
    }
    ids[i] = skip ? SKIPPED : element;
    lengths[i] = length;
    minLength += variable ? 1 : length;
  }
  if (minLength === 0) return "zeroLengthField";
  return { id, ids, lengths, options, minLength };
}

/** True for elements whose length is fixed by their type: none of them may be variable. */
function knownElement(id: number): boolean {
  // `allowedLength` accepts any length, 0 included, only for elements it does not know.
  return !allowedLength(id, 0);
}
