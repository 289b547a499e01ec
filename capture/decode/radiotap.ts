/**
 * Radiotap (DLT_IEEE802_11_RADIO 127), the header Linux, macOS and the BSDs put before 802.11
 * frames captured in monitor mode (https://www.radiotap.org): its length, and of its fields
 * only the Flags, which say whether the frame ends in an FCS and whether its header is padded.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeIeee802_11, Wlan } from "./ieee802_11.ts";

/** Version, pad, length, the first presence word. */
export const RADIOTAP_MIN_LEN = 8;
const PRESENT_TSFT = 0x01;
const PRESENT_FLAGS = 0x02;
/** Another presence word follows (bit 31). */
const PRESENT_EXT = 0x80000000;
const TSFT_LEN = 8;
const FLAG_FCS_AT_END = 0x10;
const FLAG_DATA_PAD = 0x20;
const FCS_LEN = 4;

/** Decode the radiotap header at `off` and the 802.11 frame after it. */
export function decodeRadiotap(data: DataView, off: number, end: number, out: DecodedPacket) {
  if (end - off < RADIOTAP_MIN_LEN) return truncated(out);
  const len = data.getUint16(off + 2, true);
  if (len < RADIOTAP_MIN_LEN || end - off < len) return truncated(out);
  const present = data.getUint32(off + 4, true);
  // Fields start after the last presence word; each is aligned to its size from `off`.
  let p = off + 4;
  while ((data.getUint32(p, true) & PRESENT_EXT) !== 0) {
    p += 4;
    if (p + 4 > off + len) return truncated(out);
  }
  p += 4;
  let flags = 0;
  if ((present & PRESENT_FLAGS) !== 0) {
    if ((present & PRESENT_TSFT) !== 0) p = off + ((p - off + 7) & ~7) + TSFT_LEN;
    if (p < off + len) flags = data.getUint8(p);
  }
  let frameEnd = end;
  if ((flags & FLAG_FCS_AT_END) !== 0 && end - (off + len) >= FCS_LEN) frameEnd = end - FCS_LEN;
  const how = (flags & FLAG_DATA_PAD) !== 0 ? Wlan.paddedHeader : Wlan.plain;
  decodeIeee802_11(data, off + len, frameEnd, out, how);
}

function truncated(out: DecodedPacket): void {
  out.l3 = L3.other;
  out.error = DecodeError.truncatedLink;
}
