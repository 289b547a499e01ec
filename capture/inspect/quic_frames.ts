/**
 * The frames an Initial packet may carry (RFC 9000 section 17.2.2, table 3): PADDING, PING,
 * ACK, CRYPTO and CONNECTION_CLOSE. Only CRYPTO data is kept; the walk stops at any other
 * frame type, or at a malformed frame. Google QUIC (Q050, T050, T051) numbers its frames its
 * own way: there the walk knows PADDING, PING and CRYPTO, which is all a client's first
 * Initials carry before their padding.
 */
import { readVarint, VARINT_TRUNCATED, varintLength } from "./quic_varint.ts";

const PADDING = 0x00;
const PING = 0x01;
const ACK = 0x02;
const ACK_ECN = 0x03;
const CRYPTO = 0x06;
const GQUIC_PING = 0x07;
const GQUIC_CRYPTO = 0x08;
/** ACK ranges walked per ACK frame: a client's Initial acknowledges a handful of packets. */
export const MAX_ACK_RANGES = 64;

/** Receives the CRYPTO frames of one packet. */
export interface CryptoSink {
  crypto(offset: number, data: DataView, start: number, length: number): void;
}

/**
 * Walk the frames of `plain[0, end)`, handing each CRYPTO frame to `sink`; `google` when the
 * packet's version is Google QUIC's.
 */
export function readCryptoFrames(
  plain: DataView,
  end: number,
  sink: CryptoSink,
  google = false,
): void {
  let p = 0;
  // Each turn consumes at least the frame's type byte.
  while (p < end) {
    const type = plain.getUint8(p++);
    if (google) {
      if (type === PADDING || type === GQUIC_PING) continue;
      if (type !== GQUIC_CRYPTO) return;
    } else {
      if (type === PADDING || type === PING) continue;
      if (type === ACK || type === ACK_ECN) {
        p = skipAck(plain, p, end, type === ACK_ECN);
        if (p < 0) return;
        continue;
      }
      if (type !== CRYPTO) return;
    }
    const offset = readVarint(plain, p, end);
    if (offset === VARINT_TRUNCATED) return;
    p += varintLength;
    const length = readVarint(plain, p, end);
    if (length === VARINT_TRUNCATED) return;
    p += varintLength;
    if (p + length > end) return;
    sink.crypto(offset, plain, p, length);
    p += length;
  }
}

/** Skip an ACK frame's fields (RFC 9000 section 19.3); -1 when malformed. */
function skipAck(data: DataView, at: number, end: number, ecn: boolean): number {
  let p = at;
  // Largest Acknowledged, ACK Delay, ACK Range Count, First ACK Range.
  let count = 0;
  for (let i = 0; i < 4; i++) {
    const v = readVarint(data, p, end);
    if (v === VARINT_TRUNCATED) return -1;
    if (i === 2) count = v;
    p += varintLength;
  }
  if (count > MAX_ACK_RANGES) return -1;
  // Gap and ACK Range Length per range, then three ECN counts.
  const fields = 2 * count + (ecn ? 3 : 0);
  for (let i = 0; i < fields; i++) {
    if (readVarint(data, p, end) === VARINT_TRUNCATED) return -1;
    p += varintLength;
  }
  return p;
}
