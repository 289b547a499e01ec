/**
 * ATM link types: DLT_ATM_RFC1483 (11, LLC-encapsulated AAL5 PDUs), DLT_ATM_CLIP (19, Linux
 * Classical IP: the IP packet alone, as tshark reads it) and DLT_SUNATM (123, a 4-byte
 * pseudo-header of flags, VPI and VCI before the PDU).
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeLlc } from "./ether_types.ts";
import { decodeEthernet } from "./ethernet.ts";
import { decodeIPv4 } from "./ipv4.ts";

/**
 * Flags (direction and traffic type), VPI, VCI. tshark's reader strips this pseudo-header, so
 * its `frame.len` is 4 bytes less than the record's length, and so is ours.
 */
export const SUNATM_HEADER_LEN = 4;
const TYPE_MASK = 0x0f;
/** SunATM traffic types (libpcap's pcap/sunatmpos.h). */
const TYPE_LANE = 0x01;
const TYPE_LLC = 0x02;
const TYPE_ILMI = 0x05;
const TYPE_QSAAL = 0x06;
/** The LAN Emulation client ID before a LANE frame's Ethernet header; 0xff00 is LE control. */
const LANE_LECID_LEN = 2;
const LANE_CONTROL = 0xff00;
/** Well-known VCs on VPI 0: signalling and ILMI, never user data (ATM Forum UNI). */
const VCI_SIGNALLING = 5;
const VCI_ILMI = 16;

/** Decode a DLT_ATM_RFC1483 frame at `off`: an LLC header, SNAP for IP. */
export function decodeAtmRfc1483(data: DataView, off: number, end: number, out: DecodedPacket) {
  decodeLlc(data, off, end, out);
}

/** Decode a DLT_ATM_CLIP frame at `off`: tshark hands it to IPv4 whatever its first byte. */
export function decodeAtmClip(data: DataView, off: number, end: number, out: DecodedPacket) {
  decodeIPv4(data, off, end, out);
}

/**
 * Decode a DLT_SUNATM frame at `off`. Shortens `caplen` and `wireLen` by the pseudo-header,
 * which never crossed the wire. A PDU of no declared type is guessed as tshark guesses it:
 * LLC when it starts with a SNAP header, IP when its first nibble is 4 or 6.
 */
export function decodeSunAtm(data: DataView, off: number, end: number, out: DecodedPacket) {
  out.wireLen = out.wireLen > SUNATM_HEADER_LEN ? out.wireLen - SUNATM_HEADER_LEN : 0;
  out.caplen = out.caplen > SUNATM_HEADER_LEN ? out.caplen - SUNATM_HEADER_LEN : 0;
  if (end - off < SUNATM_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  const type = data.getUint8(off) & TYPE_MASK;
  const vpi = data.getUint8(off + 1);
  const vci = data.getUint16(off + 2);
  const p = off + SUNATM_HEADER_LEN;
  switch (type) {
    case TYPE_LANE:
      decodeLane(data, p, end, out);
      return;
    case TYPE_LLC:
      decodeLlc(data, p, end, out);
      return;
    case TYPE_ILMI:
    case TYPE_QSAAL:
      out.l3 = L3.other;
      return;
  }
  if (vpi === 0 && (vci === VCI_SIGNALLING || vci === VCI_ILMI)) {
    out.l3 = L3.other;
    return;
  }
  if (end - p >= 3 && data.getUint16(p) === 0xaaaa && data.getUint8(p + 2) === 0x03) {
    decodeLlc(data, p, end, out);
    return;
  }
  const nibble = end > p ? data.getUint8(p) >> 4 : -1;
  // tshark gives both to its IPv4 dissector, which passes version 6 on: the outer header,
  // as the oracle counts it, is then an IPv4 header without addresses.
  if (nibble === 4 || nibble === 6) decodeIPv4(data, p, end, out);
  else out.l3 = L3.other;
}

function decodeLane(data: DataView, off: number, end: number, out: DecodedPacket): void {
  if (end - off < LANE_LECID_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  if (data.getUint16(off) === LANE_CONTROL) {
    out.l3 = L3.other;
    return;
  }
  decodeEthernet(data, off + LANE_LECID_LEN, end, out);
}
