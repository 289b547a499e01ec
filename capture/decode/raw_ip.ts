/** Raw IP link types (DLT_RAW, DLT_IPV4, DLT_IPV6): the frame starts with the IP header. */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeIPv4 } from "./ipv4.ts";
import { decodeIPv6 } from "./ipv6.ts";

/** Decode a raw IP frame at `off`: the version nibble says IPv4 or IPv6. */
export function decodeRawIp(data: DataView, off: number, end: number, out: DecodedPacket): void {
  if (end - off < 1) {
    // Not even a version nibble: there is nothing to classify.
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  const version = data.getUint8(off) >> 4;
  if (version === 4) decodeIPv4(data, off, end, out);
  else if (version === 6) decodeIPv6(data, off, end, out);
  else {
    out.l3 = L3.other;
    out.error = DecodeError.badIpVersion;
  }
}
