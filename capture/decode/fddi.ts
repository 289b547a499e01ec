/**
 * FDDI (DLT_FDDI 10): a frame control byte and two 6-byte addresses (ANSI X3.139), then, for
 * asynchronous LLC frames, an 802.2 LLC header. tshark 4.0 hands frame control values 0x50 to
 * 0x5f to LLC and shows every other frame (synchronous LLC, SMT, MAC, implementer) as data.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeLlc } from "./ether_types.ts";

/** Frame control, destination and source address. */
export const FDDI_HEADER_LEN = 13;
/** The frame control values tshark reads as asynchronous LLC frames. */
const FC_LLC_ASYNC_MASK = 0xf0;
const FC_LLC_ASYNC = 0x50;

/** Decode a DLT_FDDI frame at `off`. */
export function decodeFddi(data: DataView, off: number, end: number, out: DecodedPacket): void {
  if (end - off < FDDI_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  if ((data.getUint8(off) & FC_LLC_ASYNC_MASK) !== FC_LLC_ASYNC) {
    out.l3 = L3.other;
    return;
  }
  decodeLlc(data, off + FDDI_HEADER_LEN, end, out);
}
