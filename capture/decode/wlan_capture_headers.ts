/**
 * The older monitor-mode headers Linux drivers put before 802.11 frames: Prism (DLT 119, a
 * message code and length in host byte order) and AVS (DLT 163, a big-endian version and
 * length; some drivers send it under the Prism link type, which tshark accepts).
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeIeee802_11 } from "./ieee802_11.ts";

/** Message code (or AVS version) and header length. */
const MIN_HEADER_LEN = 8;
/** AVS header versions 1 and 2 (0x80211001, 0x80211002). */
const AVS_MAGIC = 0x802110;
/** A Prism length read in the wrong byte order is larger than any header. */
const MAX_HEADER_LEN = 0xffff;

/** Decode a DLT_PRISM_HEADER frame at `off` (or an AVS one under that link type). */
export function decodePrism(data: DataView, off: number, end: number, out: DecodedPacket) {
  if (end - off < MIN_HEADER_LEN) return truncated(out);
  if (data.getUint32(off) >>> 8 === AVS_MAGIC) {
    decodeAvs(data, off, end, out);
    return;
  }
  let len = data.getUint32(off + 4, true);
  if (len > MAX_HEADER_LEN) len = data.getUint32(off + 4, false);
  skipTo(len, data, off, end, out);
}

/** Decode a DLT_IEEE802_11_RADIO_AVS frame at `off`. */
export function decodeAvs(data: DataView, off: number, end: number, out: DecodedPacket) {
  if (end - off < MIN_HEADER_LEN) return truncated(out);
  skipTo(data.getUint32(off + 4), data, off, end, out);
}

function skipTo(len: number, data: DataView, off: number, end: number, out: DecodedPacket) {
  if (len < MIN_HEADER_LEN || len > end - off) return truncated(out);
  decodeIeee802_11(data, off + len, end, out);
}

function truncated(out: DecodedPacket): void {
  out.l3 = L3.other;
  out.error = DecodeError.truncatedLink;
}
