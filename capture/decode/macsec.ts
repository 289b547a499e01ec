/**
 * IEEE 802.1AE MACsec, EtherType 0x88e5. A frame sent with integrity only (neither the E nor
 * the C bit of its SecTAG set) carries its EtherType and payload in the clear, followed by the
 * ICV; tshark reads the network layer inside, and so do we. An encrypted frame is `other`.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, Encap, L3 } from "./packet.ts";

/** TCI/AN, short length and packet number (802.1AE-2018 section 9.3). */
const SECTAG_LEN = 6;
/** The Secure Channel Identifier that follows when the SC bit is set. */
const SCI_LEN = 8;
const TCI_SC = 0x20;
/** Encryption (E) and Changed Text (C): either means the payload is not plain. */
const TCI_E_OR_C = 0x0c;
const ETHERTYPE_LEN = 2;

/** Skip the SecTAG at `off`; the protected frame's EtherType goes to `out.etherType`. */
export function skipMacsec(data: DataView, off: number, end: number, out: DecodedPacket) {
  out.encapsulation |= Encap.macsec;
  if (end - off < SECTAG_LEN) return truncated(out);
  const tci = data.getUint8(off);
  if ((tci & TCI_E_OR_C) !== 0) {
    out.l3 = L3.other;
    return -1;
  }
  const p = off + SECTAG_LEN + ((tci & TCI_SC) !== 0 ? SCI_LEN : 0);
  if (end - p < ETHERTYPE_LEN) return truncated(out);
  out.etherType = data.getUint16(p);
  return p + ETHERTYPE_LEN;
}

function truncated(out: DecodedPacket): -1 {
  out.l3 = L3.other;
  out.error = DecodeError.truncatedLink;
  return -1;
}
