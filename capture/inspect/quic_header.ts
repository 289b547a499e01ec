/**
 * QUIC long headers (RFC 9000 section 17.2; RFC 8999 for the version-independent part) as far
 * as Initial packets need them: version, connection IDs, token, and the Length that says where
 * a packet ends, so that coalesced packets (RFC 9000 section 12.2) can be walked.
 */
import { readVarint, VARINT_TRUNCATED, varintLength } from "./quic_varint.ts";
import { QUIC_V2 } from "./quic_versions.ts";

const LONG_HEADER_BIT = 0x80;
/** The fixed bit (RFC 9000 section 17.2), which RFC 9287 lets a peer grease; not checked. */
const TYPE_SHIFT = 4;
const TYPE_MASK = 0x03;
/** Initial is long packet type 0 in version 1 (RFC 9000 17.2), 1 in version 2 (RFC 9369 3.2). */
const INITIAL_TYPE_V1 = 0;
const INITIAL_TYPE_V2 = 1;
/** Connection IDs are at most 20 bytes in versions 1 and 2 (RFC 9000 section 17.2). */
export const MAX_CID_LEN = 20;
/** First byte and 4-byte version. */
const FIXED_LEN = 5;

/** Offsets of one long-header packet, filled by `parseLongHeader()`. */
export class LongHeader {
  version = 0;
  initial = false;
  dcidStart = 0;
  dcidLen = 0;
  /** Offset of the (protected) packet number: where Length's bytes begin. */
  pnOffset = 0;
  /** Offset just past the packet (Length counts from `pnOffset`). */
  end = 0;
}

/** Whether the byte is a long header's first byte. */
export function isLongHeader(first: number): boolean {
  return (first & LONG_HEADER_BIT) !== 0;
}

/**
 * Parse the long-header packet at `start`, whose datagram's captured bytes end at `end`.
 * Returns false when it is not one, or is cut short. `version` must be a known one (the
 * caller checks), since the layout after the connection IDs is version-specific.
 */
export function parseLongHeader(
  data: DataView,
  start: number,
  end: number,
  out: LongHeader,
): boolean {
  if (end - start < FIXED_LEN + 2) return false;
  const first = data.getUint8(start);
  if (!isLongHeader(first)) return false;
  out.version = data.getUint32(start + 1);
  const type = (first >> TYPE_SHIFT) & TYPE_MASK;
  out.initial = type === (out.version === QUIC_V2 ? INITIAL_TYPE_V2 : INITIAL_TYPE_V1);
  let p = start + FIXED_LEN;
  out.dcidLen = data.getUint8(p);
  out.dcidStart = p + 1;
  if (out.dcidLen > MAX_CID_LEN) return false;
  p += 1 + out.dcidLen;
  if (p >= end) return false;
  const scidLen = data.getUint8(p);
  if (scidLen > MAX_CID_LEN) return false;
  p += 1 + scidLen;
  if (out.initial) {
    const tokenLen = readVarint(data, p, end);
    if (tokenLen === VARINT_TRUNCATED) return false;
    p += varintLength + tokenLen;
  }
  // Retry packets (type 3) have no Length; the caller only asks for Initials and skips others.
  const length = readVarint(data, p, end);
  if (length === VARINT_TRUNCATED) return false;
  out.pnOffset = p + varintLength;
  out.end = out.pnOffset + length;
  return out.end <= end;
}
