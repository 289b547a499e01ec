/**
 * Linux netfilter logs (DLT_NFLOG 239, `tcpdump -i nflog:N`): a 4-byte header (address family,
 * version, resource ID), then type-length-value attributes, one of which holds the packet
 * (https://www.tcpdump.org/linktypes/LINKTYPE_NFLOG.html).
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeIPv4 } from "./ipv4.ts";
import { decodeIPv6 } from "./ipv6.ts";

export const NFLOG_HEADER_LEN = 4;
/** Each attribute: length (header included) and type, in host byte order, padded to 4 bytes. */
const TLV_HEADER_LEN = 4;
const NFULA_PAYLOAD = 9;
/**
 * Attributes read before giving up. The kernel writes at most one of each of its ~20 types;
 * 32 leaves a margin and bounds the walk through a frame of empty attributes.
 */
export const MAX_NFLOG_TLVS = 32;
/** Linux address families (not the BSD numbers of DLT_NULL). */
const AF_INET = 2;
const AF_INET6 = 10;
/** A type read in the wrong byte order is larger than any attribute type. */
const MAX_TLV_TYPE = 0xff;

/** Decode a DLT_NFLOG frame at `off`: the payload attribute, by the header's family. */
export function decodeNflog(data: DataView, off: number, end: number, out: DecodedPacket) {
  if (end - off < NFLOG_HEADER_LEN) return truncated(out);
  const family = data.getUint8(off);
  let p = off + NFLOG_HEADER_LEN;
  for (let n = 0; n < MAX_NFLOG_TLVS; n++) {
    if (end - p < TLV_HEADER_LEN) return truncated(out);
    // Written little-endian on the hosts that capture almost all of them; try the other order
    // when the type makes no sense.
    const le = data.getUint16(p + 2, true) <= MAX_TLV_TYPE;
    const len = data.getUint16(p, le);
    const type = data.getUint16(p + 2, le);
    if (len < TLV_HEADER_LEN) break;
    if (type === NFULA_PAYLOAD) {
      const payloadEnd = p + len < end ? p + len : end;
      const start = p + TLV_HEADER_LEN;
      if (family === AF_INET) decodeIPv4(data, start, payloadEnd, out);
      else if (family === AF_INET6) decodeIPv6(data, start, payloadEnd, out);
      else out.l3 = L3.other;
      return;
    }
    p += (len + 3) & ~3;
  }
  out.l3 = L3.other;
}

function truncated(out: DecodedPacket): void {
  out.l3 = L3.other;
  out.error = DecodeError.truncatedLink;
}
