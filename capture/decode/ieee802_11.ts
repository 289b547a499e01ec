/**
 * IEEE 802.11 frames (DLT_IEEE802_11 105, and what radiotap, PPI, Prism, AVS and CAPWAP wrap):
 * unencrypted data frames carry an LLC/SNAP header and an EtherType (802.11-2020 section
 * 9.3.2). Management, control, protected and null frames have no network layer to read.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeLlc } from "./ether_types.ts";

/** Frame control, duration, three addresses and sequence control. */
export const IEEE802_11_HEADER_LEN = 24;
const ADDRESS_LEN = 6;
const QOS_CONTROL_LEN = 2;
const HT_CONTROL_LEN = 4;
/** An A-MSDU subframe header: destination, source, length (802.11-2020 9.3.2.2.2). */
const AMSDU_SUBHEADER_LEN = 14;
const TYPE_DATA = 0x08;
const TYPE_MASK = 0x0c;
/** Subtype bits of a data frame: QoS, and "no data" (null and CF frames without a body). */
const SUBTYPE_QOS = 0x80;
const SUBTYPE_NO_DATA = 0x40;
const FLAG_TO_AND_FROM_DS = 0x03;
const FLAG_MORE_FRAGMENTS = 0x04;
const FLAG_PROTECTED = 0x40;
/** In a QoS data frame the Order bit announces an HT Control field. */
const FLAG_ORDER = 0x80;
const FRAGMENT_NUMBER_MASK = 0x000f;
const QOS_AMSDU_PRESENT = 0x80;

/** How a capture presents the frame: as sent, or padded / with the frame control swapped. */
export const Wlan = {
  plain: 0,
  /** Radiotap's "data pad": the header padded to a multiple of 4 bytes. */
  paddedHeader: 1,
  /** Cisco CAPWAP access points send the frame control field byte-swapped. */
  swappedFrameControl: 2,
} as const;

/** Decode the 802.11 frame at `off`; `how` is a bit set of `Wlan` values. */
export function decodeIeee802_11(
  data: DataView,
  off: number,
  end: number,
  out: DecodedPacket,
  how: number = Wlan.plain,
): void {
  if (end - off < IEEE802_11_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  const swapped = (how & Wlan.swappedFrameControl) !== 0;
  const fc0 = data.getUint8(swapped ? off + 1 : off);
  const flags = data.getUint8(swapped ? off : off + 1);
  const fragment = data.getUint16(off + 22, true) & FRAGMENT_NUMBER_MASK;
  if (
    (fc0 & TYPE_MASK) !== TYPE_DATA || (fc0 & SUBTYPE_NO_DATA) !== 0 ||
    (flags & (FLAG_PROTECTED | FLAG_MORE_FRAGMENTS)) !== 0 || fragment !== 0
  ) {
    // Fragments too: tshark rebuilds them into the last one, which we do not.
    out.l3 = L3.other;
    return;
  }
  let len = IEEE802_11_HEADER_LEN;
  if ((flags & FLAG_TO_AND_FROM_DS) === FLAG_TO_AND_FROM_DS) len += ADDRESS_LEN;
  let amsdu = false;
  if ((fc0 & SUBTYPE_QOS) !== 0) {
    if (end - off < len + QOS_CONTROL_LEN) {
      out.l3 = L3.other;
      out.error = DecodeError.truncatedLink;
      return;
    }
    amsdu = (data.getUint8(off + len) & QOS_AMSDU_PRESENT) !== 0;
    len += QOS_CONTROL_LEN;
    if ((flags & FLAG_ORDER) !== 0) len += HT_CONTROL_LEN;
  }
  if ((how & Wlan.paddedHeader) !== 0) len = (len + 3) & ~3;
  // The first subframe of an aggregate MSDU decides, as the first packet of it tshark shows.
  if (amsdu) len += AMSDU_SUBHEADER_LEN;
  if (end - off < len) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  decodeLlc(data, off + len, end, out);
}
