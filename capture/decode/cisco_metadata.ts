/**
 * Cisco MetaData (EtherType 0x8909), the inline tag of Cisco TrustSec that carries a frame's
 * Security Group Tag between switches (draft-smith-kandula-sxp). tshark reads a fixed 6-byte
 * header (version, length, options, SGT) and then the next type, whatever the length byte
 * says, so this does too.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";

/** Version, length, option length and type, and the 16-bit Security Group Tag. */
export const CISCO_METADATA_LEN = 6;
const TYPE_LEN = 2;

/** Skip a Cisco MetaData header at `off`: the type after it into `out.etherType`, its offset. */
export function skipCiscoMetadata(
  data: DataView,
  off: number,
  end: number,
  out: DecodedPacket,
): number {
  if (end - off < CISCO_METADATA_LEN + TYPE_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return -1;
  }
  out.etherType = data.getUint16(off + CISCO_METADATA_LEN);
  return off + CISCO_METADATA_LEN + TYPE_LEN;
}
