/**
 * Frame Relay (DLT_FRELAY 107): a Q.922 address, then either RFC 2427 multiprotocol
 * encapsulation (UI control byte, optional pad, NLPID, and SNAP for what has no NLPID) or
 * Cisco's encapsulation (an EtherType straight after the address).
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeEtherType } from "./ether_types.ts";
import { decodeEthernet } from "./ethernet.ts";

/** The address field is 2 to 4 bytes, its length marked by the EA bit (ITU-T Q.922 3.3). */
const MAX_ADDRESS_LEN = 4;
const ADDRESS_EA = 0x01;
const CONTROL_UI = 0x03;
/** NLPIDs (ISO/IEC TR 9577): padding, IPv4, IPv6 and SNAP. */
const NLPID_PAD = 0x00;
const NLPID_IPV4 = 0xcc;
const NLPID_IPV6 = 0x8e;
const NLPID_SNAP = 0x80;
/** SNAP after NLPID 0x80: OUI and PID (RFC 2427 section 5.3). */
const SNAP_LEN = 5;
/** IEEE 802.1 OUI, whose PIDs 0x0001 and 0x0007 are bridged Ethernet with and without FCS. */
const OUI_8021 = 0x0080c2;
const PID_ETHERNET_FCS = 0x0001;
const PID_ETHERNET = 0x0007;

/** Decode a Frame Relay frame at `off`. */
export function decodeFrameRelay(data: DataView, off: number, end: number, out: DecodedPacket) {
  let p = off;
  for (let n = 0;; n++) {
    if (n === MAX_ADDRESS_LEN || p >= end) return truncated(out);
    const last = (data.getUint8(p) & ADDRESS_EA) !== 0;
    p++;
    if (last && n > 0) break;
  }
  if (p >= end) return truncated(out);
  if (data.getUint8(p) !== CONTROL_UI) {
    // Cisco encapsulation: an EtherType in place of the control byte.
    if (end - p < 2) return truncated(out);
    decodeEtherType(data.getUint16(p), data, p + 2, end, out);
    return;
  }
  p++;
  if (p < end && data.getUint8(p) === NLPID_PAD) p++;
  if (p >= end) return truncated(out);
  const nlpid = data.getUint8(p);
  p++;
  if (nlpid === NLPID_IPV4) decodeEtherType(0x0800, data, p, end, out);
  else if (nlpid === NLPID_IPV6) decodeEtherType(0x86dd, data, p, end, out);
  else if (nlpid === NLPID_SNAP) decodeSnap(data, p, end, out);
  else out.l3 = L3.other;
}

function decodeSnap(data: DataView, off: number, end: number, out: DecodedPacket): void {
  if (end - off < SNAP_LEN) return truncated(out);
  const oui = (data.getUint16(off) << 8) | data.getUint8(off + 2);
  const pid = data.getUint16(off + 3);
  const p = off + SNAP_LEN;
  if (oui === 0) decodeEtherType(pid, data, p, end, out);
  else if (oui === OUI_8021 && (pid === PID_ETHERNET || pid === PID_ETHERNET_FCS)) {
    decodeEthernet(data, p, end, out);
  } else out.l3 = L3.other;
}

function truncated(out: DecodedPacket): void {
  out.l3 = L3.other;
  out.error = DecodeError.truncatedLink;
}
