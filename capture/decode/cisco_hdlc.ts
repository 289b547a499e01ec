/**
 * Cisco HDLC (DLT_C_HDLC 104), the default encapsulation of Cisco serial links: an address
 * byte, a control byte, then an EtherType
 * (https://www.tcpdump.org/linktypes/LINKTYPE_C_HDLC.html).
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeEtherType } from "./ether_types.ts";

/** Address, control, protocol. */
export const CISCO_HDLC_HEADER_LEN = 4;
const ADDRESS_UNICAST = 0x0f;
const ADDRESS_BROADCAST = 0x8f;
/**
 * Cisco's Serial Line ARP keepalive. It takes RARP's EtherType, so the generic dispatch would
 * call it RARP; tshark calls it SLARP (not ARP).
 */
const SLARP = 0x8035;

/** Whether `byte` is one of the two address values a Cisco HDLC frame starts with. */
export function isCiscoHdlcAddress(byte: number): boolean {
  return byte === ADDRESS_UNICAST || byte === ADDRESS_BROADCAST;
}

/** Read the header at `off`: the EtherType into `out.etherType`, the payload's offset back. */
export function skipCiscoHdlc(data: DataView, off: number, end: number, out: DecodedPacket) {
  if (end - off < CISCO_HDLC_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return -1;
  }
  const type = data.getUint16(off + 2);
  if (type === SLARP) {
    out.l3 = L3.other;
    return -1;
  }
  out.etherType = type;
  return off + CISCO_HDLC_HEADER_LEN;
}

/** Decode a DLT_C_HDLC frame at `off`. */
export function decodeCiscoHdlc(data: DataView, off: number, end: number, out: DecodedPacket) {
  const p = skipCiscoHdlc(data, off, end, out);
  if (p >= 0) decodeEtherType(out.etherType, data, p, end, out);
}
