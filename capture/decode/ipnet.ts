/**
 * Solaris/illumos IP observability devices (DLT_IPNET 226, `snoop -I`): a 24-byte header whose
 * second byte is the address family, Solaris numbering, then the IP packet.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeIPv4 } from "./ipv4.ts";
import { decodeIPv6 } from "./ipv6.ts";

/** Version, family, hook type, length, interface, group interface, source and dest zones. */
export const IPNET_HEADER_LEN = 24;
const IPH_AF_INET = 2;
const IPH_AF_INET6 = 26;

/** Decode a DLT_IPNET frame at `off`. */
export function decodeIpnet(data: DataView, off: number, end: number, out: DecodedPacket): void {
  if (end - off < IPNET_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  const family = data.getUint8(off + 1);
  const p = off + IPNET_HEADER_LEN;
  if (family === IPH_AF_INET) decodeIPv4(data, p, end, out);
  else if (family === IPH_AF_INET6) decodeIPv6(data, p, end, out);
  else out.l3 = L3.other;
}
