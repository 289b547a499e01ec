/**
 * pcapng Interface Description Blocks (draft-ietf-opsawg-pcapng section 4.2): what a packet
 * block's interface ID stands for (link type, snaplen, timestamp unit and offset).
 */

import type { ChunkedInput } from "./chunked_input.ts";
import { linktypeToDlt } from "./link_type.ts";
import { DEFAULT_TSRESOL } from "./timestamp_units.ts";

/** One interface of the current section. */
export interface PcapngInterface {
  /** DLT value (LINKTYPE mapped as libpcap does). */
  readonly linkType: number;
  /** 0 means "no limit". */
  readonly snaplen: number;
  /** The raw if_tsresol byte. */
  readonly tsresol: number;
  /** if_tsoffset: seconds added to every timestamp of the interface. */
  readonly tsOffset: number;
}

/** Block header (type, length) plus LinkType, Reserved, SnapLen, plus the trailing length. */
export const IDB_MIN_BYTES = 20;
const OPTIONS_START = 16;
const OPTION_HEADER_BYTES = 4;
const OPT_ENDOFOPT = 0;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;
const TWO_32 = 0x1_0000_0000;

/**
 * Parses the IDB of `length` bytes at buffer index `pos` (whole block buffered, trailer checked).
 * Throws `SavefileError` when the block or an option runs past its end.
 */
export function parseInterface(
  input: ChunkedInput,
  pos: number,
  length: number,
  le: boolean,
): PcapngInterface {
  const view = input.view;
  const start = input.offset;
  if (length < IDB_MIN_BYTES) {
    throw input.error(
      `interface description block at byte ${start} is only ${length} bytes`,
      start,
    );
  }
  const linkType = linktypeToDlt(view.getUint16(pos + 8, le));
  const snaplen = view.getUint32(pos + 12, le);
  let tsresol = DEFAULT_TSRESOL;
  let tsOffset = 0;
  const optionsEnd = pos + length - 4;
  let at = pos + OPTIONS_START;
  // Every option takes at least 4 bytes, so this loop ends within length / 4 steps.
  while (at + OPTION_HEADER_BYTES <= optionsEnd) {
    const code = view.getUint16(at, le);
    const size = view.getUint16(at + 2, le);
    if (code === OPT_ENDOFOPT) break;
    const valueAt = at + OPTION_HEADER_BYTES;
    if (valueAt + size > optionsEnd) {
      throw input.error(
        `option ${code} of the interface description block at byte ${start} runs past the block`,
        start,
      );
    }
    if (code === IF_TSRESOL && size >= 1) {
      tsresol = view.getUint8(valueAt);
    } else if (code === IF_TSOFFSET && size >= 8) {
      // A signed 64-bit count of seconds; a double holds any sane value exactly.
      const high = view.getInt32(le ? valueAt + 4 : valueAt, le);
      const low = view.getUint32(le ? valueAt : valueAt + 4, le);
      tsOffset = high * TWO_32 + low;
    }
    // Values are padded to 32 bits.
    at = valueAt + ((size + 3) & ~3);
  }
  return { linkType, snaplen, tsresol, tsOffset };
}
