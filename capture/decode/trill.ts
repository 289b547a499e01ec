/**
 * TRILL (RFC 6325, EtherType 0x22f3): a 6-byte header (version, multi-destination bit, options
 * length in 4-byte words, hop count, egress and ingress nicknames), its options, then the
 * customer's Ethernet frame.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, Encap, L3 } from "./packet.ts";
import { skipInnerEthernet } from "./inner_ethernet.ts";

export const TRILL_HEADER_LEN = 6;
const OPTIONS_LENGTH_SHIFT = 6;
const OPTIONS_LENGTH_MASK = 0x1f;
const OPTIONS_WORD = 4;

/** Skip the TRILL header at `off` and read the customer Ethernet header after it. */
export function skipTrill(data: DataView, off: number, end: number, out: DecodedPacket): number {
  out.encapsulation |= Encap.macInMac;
  if (end - off < TRILL_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return -1;
  }
  const options = ((data.getUint16(off) >> OPTIONS_LENGTH_SHIFT) & OPTIONS_LENGTH_MASK) *
    OPTIONS_WORD;
  return skipInnerEthernet(data, off + TRILL_HEADER_LEN + options, end, out);
}
