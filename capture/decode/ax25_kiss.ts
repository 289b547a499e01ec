/**
 * AX.25 over KISS (DLT_AX25_KISS 202), what libpcap captures on a Linux amateur-radio
 * interface: a KISS command byte (port in the high nibble, 0 in the low one for a data frame),
 * then an AX.25 frame: 7-byte addresses (destination, source, up to 8 digipeaters; the last
 * one's low bit set), a control byte and, for I and UI frames, a protocol ID: 0xCC is IPv4,
 * 0xCD ARP (RFC 1226). As tshark 4.0 reads it.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeIPv4 } from "./ipv4.ts";
import { decodeArp } from "./arp.ts";

const KISS_COMMAND_MASK = 0x0f;
const KISS_DATA_FRAME = 0x00;
const ADDRESS_LEN = 7;
/** The extension bit in an address's last byte: this address is the last. */
const LAST_ADDRESS = 0x01;
/** Destination, source and at most 8 digipeaters (AX.25 2.2 section 3.12). */
export const MAX_AX25_ADDRESSES = 10;
const MIN_ADDRESSES = 2;
/** An I frame's control byte has its low bit clear; UI is 0x03 with any poll/final bit. */
const CONTROL_I_MASK = 0x01;
const CONTROL_UI = 0x03;
const POLL_FINAL = 0x10;
const PID_IPV4 = 0xcc;
const PID_ARP = 0xcd;

/** Decode a DLT_AX25_KISS frame at `off`. */
export function decodeAx25Kiss(data: DataView, off: number, end: number, out: DecodedPacket) {
  if (end - off < 1) return stop(out, true);
  if ((data.getUint8(off) & KISS_COMMAND_MASK) !== KISS_DATA_FRAME) return stop(out, false);
  let p = off + 1;
  for (let n = 1;; n++) {
    if (end - p < ADDRESS_LEN) return stop(out, true);
    p += ADDRESS_LEN;
    if ((data.getUint8(p - 1) & LAST_ADDRESS) !== 0) {
      if (n < MIN_ADDRESSES) return stop(out, false);
      break;
    }
    if (n === MAX_AX25_ADDRESSES) return stop(out, false);
  }
  if (end - p < 2) return stop(out, true);
  const control = data.getUint8(p);
  const hasPid = (control & CONTROL_I_MASK) === 0 || (control & ~POLL_FINAL) === CONTROL_UI;
  if (!hasPid) return stop(out, false);
  const pid = data.getUint8(p + 1);
  if (pid === PID_IPV4) decodeIPv4(data, p + 2, end, out);
  else if (pid === PID_ARP) decodeArp(data, p + 2, end, out);
  else stop(out, false);
}

function stop(out: DecodedPacket, truncated: boolean): void {
  out.l3 = L3.other;
  if (truncated) out.error = DecodeError.truncatedLink;
}
