/**
 * The PPP Protocol field (RFC 1661 section 2), turned into the EtherType of the same network
 * protocol so that one dispatch (`ether_types.ts`) serves PPP links, PPPoE and L2TP alike.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";

/** PPP protocol numbers (IANA "PPP DLL Protocol Numbers") and their EtherTypes. */
export const PppProtocol = {
  ipv4: 0x0021,
  ipv6: 0x0057,
  mpls: 0x0281,
  mplsMulticast: 0x0283,
} as const;

/** The EtherType of PPP protocol `protocol`, or -1 for one without a network layer here. */
export function pppEtherType(protocol: number): number {
  switch (protocol) {
    case PppProtocol.ipv4:
      return 0x0800;
    case PppProtocol.ipv6:
      return 0x86dd;
    case PppProtocol.mpls:
      return 0x8847;
    case PppProtocol.mplsMulticast:
      return 0x8848;
  }
  return -1;
}

/**
 * Read the PPP Protocol field at `off`: two bytes, or one when the peers agreed on Protocol
 * Field Compression (an odd first byte: RFC 1661 section 6.5). Sets `out.etherType` and
 * returns the offset of the information field; -1 (with `l3` set) when it leads nowhere.
 */
export function skipPppProtocol(data: DataView, off: number, end: number, out: DecodedPacket) {
  if (end - off < 1) return truncated(out);
  const firstByte = data.getUint8(off);
  let protocol: number;
  let p: number;
  if ((firstByte & 0x01) !== 0) {
    protocol = firstByte;
    p = off + 1;
  } else {
    if (end - off < 2) return truncated(out);
    protocol = data.getUint16(off);
    p = off + 2;
  }
  const type = pppEtherType(protocol);
  if (type < 0) {
    out.l3 = L3.other;
    return -1;
  }
  out.etherType = type;
  return p;
}

function truncated(out: DecodedPacket): -1 {
  out.l3 = L3.other;
  out.error = DecodeError.truncatedLink;
  return -1;
}
