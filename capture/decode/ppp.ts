/**
 * PPP (RFC 1661) as the link layer: DLT_PPP (9) and DLT_PPP_SERIAL (50), with or without the
 * HDLC-like address and control bytes (RFC 1662), and DLT_PPP_ETHER (51), a PPPoE session
 * header with no Ethernet header before it (BSD's pppoe(4)).
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeEtherType } from "./ether_types.ts";
import { isCiscoHdlcAddress, skipCiscoHdlc } from "./cisco_hdlc.ts";
import { skipPppProtocol } from "./ppp_protocol.ts";
import { skipPppoeSession } from "./pppoe.ts";

/** The HDLC-like framing of RFC 1662: All-Stations address 0xff, Unnumbered Information 0x03. */
const HDLC_ALL_STATIONS = 0xff;
const HDLC_UI = 0x03;
const HDLC_ADDRESS_CONTROL_LEN = 2;

/**
 * Decode a DLT_PPP or DLT_PPP_SERIAL frame at `off`: the address and control bytes when
 * present (tshark reads a frame either way), a Cisco HDLC header in their place (routers that
 * call their serial links PPP send those too), then the Protocol field.
 */
export function decodePpp(data: DataView, off: number, end: number, out: DecodedPacket): void {
  if (end - off < 1) {
    truncated(out);
    return;
  }
  const first = data.getUint8(off);
  let p: number;
  if (isCiscoHdlcAddress(first)) {
    p = skipCiscoHdlc(data, off, end, out);
  } else {
    let q = off;
    if (first === HDLC_ALL_STATIONS && end - off >= 2 && data.getUint8(off + 1) === HDLC_UI) {
      q += HDLC_ADDRESS_CONTROL_LEN;
    }
    p = skipPppProtocol(data, q, end, out);
  }
  if (p >= 0) decodeEtherType(out.etherType, data, p, end, out);
}

/** Decode a DLT_PPP_ETHER frame at `off`. */
export function decodePppEther(data: DataView, off: number, end: number, out: DecodedPacket) {
  const p = skipPppoeSession(data, off, end, out);
  if (p >= 0) decodeEtherType(out.etherType, data, p, end, out);
}

function truncated(out: DecodedPacket): -1 {
  out.l3 = L3.other;
  out.error = DecodeError.truncatedLink;
  return -1;
}
